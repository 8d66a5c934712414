using System.Text.Json;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Uploads.Tests;

public sealed class FailureReasonTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<FailureReason, string, string[], string> Reasons => new()
    {
        { FailureReason.ChecksumMismatch("aa", "bb"), "checksum_mismatch", ["declared=aa", "actual=bb"],
            "checksum mismatch: the client declared SHA-256 aa, the stored file has bb." },
        { FailureReason.ContentMismatch("application/pdf", "PNG"), "content_mismatch", ["declaredType=application/pdf", "actual=PNG"],
            "The file's content does not match its declared type application/pdf: it is PNG." },
        { FailureReason.ImageTooLarge(12_000, 9_000, 108_000_000, 100_000_000), "image_too_large",
            ["width=12000", "height=9000", "megapixels=108", "limitMegapixels=100"], "The image is 12000x9000 (108 MP); the limit is 100 MP." },
        { FailureReason.ImageUnreadable("x.jpg has no JPEG frame header"), "image_unreadable", ["detail=x.jpg has no JPEG frame header"],
            "The image cannot be read: x.jpg has no JPEG frame header" },
        { FailureReason.PdfPasswordProtected(), "pdf_password_protected", [], "The PDF is password-protected. Upload a copy without a password." },
        { FailureReason.PdfUnreadable("Syntax Error"), "pdf_unreadable", ["detail=Syntax Error"], "The PDF cannot be read: Syntax Error" },
        { FailureReason.StageGaveUp(new TimeoutException("clamd did not answer")), "stage_gave_up", ["error=TimeoutException: clamd did not answer"],
            "TimeoutException: clamd did not answer" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Each_reason_has_a_stable_code_its_parameters_and_the_English_sentence(FailureReason reason, string code, string[] parameters, string sentence)
    {
        Assert.Equal(code, reason.Code);
        Assert.Equal(parameters, reason.Parameters.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(sentence, reason.Sentence);
    }

    [Fact]
    public void The_projection_carries_the_code_and_parameters_and_a_retry_clears_them()
    {
        var reason = FailureReason.ChecksumMismatch("aa", "bb");
        var failed = UploadStatus.Fold(Requested(), new UploadFailed(Id, "process", reason.Sentence, T0, reason.Code, reason.Parameters), 2);
        Assert.Equal(("checksum_mismatch", "bb"), (failed.FailureCode, failed.FailureParams!["actual"]));
        Assert.Equal(reason.Sentence, failed.FailureReason);

        var retried = UploadStatus.Fold(failed, new UploadRetried(Id, "process", Guid.NewGuid(), T0.AddMinutes(1)), 3);
        Assert.Null(retried.FailureCode);
        Assert.Null(retried.FailureParams);
    }

    [Fact]
    public void An_event_stored_before_codes_existed_reads_as_unspecified_with_its_sentence()
    {
        var old = JsonSerializer.Deserialize<UploadFailed>(
            $$"""{"uploadId":"{{Id}}","stage":"process","reason":"The image cannot be read","failedAt":"2026-11-20T10:00:00Z"}""",
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Null(old.ReasonCode);

        var s = UploadStatus.Fold(Requested(), old, 2);
        Assert.Equal(FailureReason.Unspecified, s.FailureCode);
        Assert.Empty(s.FailureParams!);
        Assert.Equal("The image cannot be read", s.FailureReason);
    }

    private static UploadStatus Requested() => UploadStatus.Fold(null,
        new UploadRequested(Id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "obra.jpg", "image/jpeg", 1, null, "key", false, null, 1, T0), 1);
}
