namespace BuildPeer.AppHost;

/// <summary>
/// The links the dashboard shows on the API: the web page, its sign-in as each demo user (the address filled in; the
/// password is the demo's) and the API reference.
/// </summary>
public static class WebPageUrls
{
    public static IResourceBuilder<ProjectResource> WithWebPageUrls(this IResourceBuilder<ProjectResource> api) =>
        api.WithUrls(context =>
        {
            var http = context.Urls.FirstOrDefault(u => u.Endpoint?.EndpointName == "http");
            if (http is null) return;
            http.DisplayText = "Web page";
            var root = http.Url.TrimEnd('/');
            foreach (var user in DemoLogin.Users)
            {
                context.Urls.Add(new ResourceUrlAnnotation
                {
                    Url = $"{root}/#/login?email={Uri.EscapeDataString(user)}",
                    DisplayText = $"Web page as {user.Split('@')[0]} (password {DemoLogin.Password})",
                    Endpoint = http.Endpoint,
                });
            }
            context.Urls.Add(new ResourceUrlAnnotation { Url = root + "/scalar", DisplayText = "API reference", Endpoint = http.Endpoint });
        });
}
