using System.Net;
using System.Text;
using BuildPeer.TestSupport;
using BuildPeer.Messaging.Sqs;

namespace BuildPeer.Messaging.Tests.Sqs;

/// <summary>Which failures callers may retry: answers are stubbed, except the refused connection.</summary>
public class SqsClientErrorTests
{
    private static readonly AwsCredentials Credentials = new("AKIDTEST", "secret");

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, """{"__type":"com.amazonaws.sqs#InternalError","message":"boom"}""", "InternalError", true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "<html>bad gateway</html>", "Http503", true)]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.sqs#ThrottlingException","message":"slow down"}""", "ThrottlingException", true)]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.sqs#InvalidParameterValue","message":"no"}""", "InvalidParameterValue", false)]
    [InlineData(HttpStatusCode.Forbidden, """{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"denied"}""", "AccessDeniedException", false)]
    public async Task Error_answers_carry_the_code_and_whether_to_retry(HttpStatusCode status, string body, string code, bool transient)
    {
        var sqs = ClientAnswering(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0") });

        var error = await Assert.ThrowsAsync<SqsException>(() => sqs.PurgeQueueAsync("http://sqs.us-east-1.localhost/000000000000/q"));

        Assert.Equal(code, error.Code);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("PurgeQueue", error.Action);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        using var http = new HttpClient();
        var sqs = new SqsClient(http, new SqsClientOptions { ServiceUrl = $"http://127.0.0.1:{FreePort.Next()}", Region = "us-east-1", Credentials = Credentials });

        var error = await Assert.ThrowsAsync<SqsException>(() => sqs.GetQueueUrlAsync("q"));

        Assert.Equal(SqsException.ConnectionFailedCode, error.Code);
        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task An_HttpClient_timeout_is_transient_but_a_caller_cancellation_is_not_an_SqsException()
    {
        var sqs = ClientAnswering(_ => throw new InvalidOperationException("not reached"), delay: Timeout.InfiniteTimeSpan, timeout: TimeSpan.FromMilliseconds(200));

        var timeout = await Assert.ThrowsAsync<SqsException>(() => sqs.GetQueueUrlAsync("q"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var longer = ClientAnswering(_ => throw new InvalidOperationException("not reached"), delay: Timeout.InfiniteTimeSpan, timeout: TimeSpan.FromSeconds(30));
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longer.GetQueueUrlAsync("q", cancel.Token));

        Assert.Equal(SqsException.TimeoutCode, timeout.Code);
        Assert.True(timeout.IsTransient);
        Assert.True(cancel.IsCancellationRequested);
        Assert.IsNotType<SqsException>(cancelled);
    }

    [Fact]
    public async Task A_success_without_the_expected_field_is_reported()
    {
        var sqs = ClientAnswering(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });

        var error = await Assert.ThrowsAsync<SqsException>(() => sqs.SendMessageAsync("http://q", "body"));

        Assert.Equal("InvalidResponse", error.Code);
        Assert.False(error.IsTransient);
    }

    private static SqsClient ClientAnswering(Func<HttpRequestMessage, HttpResponseMessage> answer, TimeSpan? delay = null, TimeSpan? timeout = null)
    {
        var http = new HttpClient(new StubHandler(answer, delay ?? TimeSpan.Zero)) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        return new SqsClient(http, new SqsClientOptions { ServiceUrl = "http://127.0.0.1:1", Region = "us-east-1", Credentials = Credentials });
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer, TimeSpan delay) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (delay != TimeSpan.Zero) await Task.Delay(delay, cancellationToken);
            return answer(request);
        }
    }
}
