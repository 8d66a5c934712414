namespace BuildPeer.AppHost;

/// <summary>The links the dashboard shows on the API: the web page, its sign-in and the API reference.</summary>
public static class WebPageUrls
{
    public static IResourceBuilder<ProjectResource> WithWebPageUrls(this IResourceBuilder<ProjectResource> api) =>
        api.WithUrls(context =>
        {
            var http = context.Urls.FirstOrDefault(u => u.Endpoint?.EndpointName == "http");
            if (http is null) return;
            http.DisplayText = "Web page";
            var root = http.Url.TrimEnd('/');
            context.Urls.Add(new ResourceUrlAnnotation { Url = root + "/#/login", DisplayText = "Sign in (demo users, password " + DemoLogin.Password + ")", Endpoint = http.Endpoint });
            context.Urls.Add(new ResourceUrlAnnotation { Url = root + "/scalar", DisplayText = "API reference", Endpoint = http.Endpoint });
        });
}
