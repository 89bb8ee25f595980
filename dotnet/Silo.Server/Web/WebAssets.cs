namespace Silo.Server.Web;

/// <summary>The stylesheet and script, embedded in the server so it ships as one file with no front-end build.</summary>
internal static class WebAssets
{
    public const string CssPath = "/web/site.css";
    public const string ScriptPath = "/web/site.js";

    public static IEndpointRouteBuilder MapWebAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet(CssPath, () => Asset("site.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet(ScriptPath, () => Asset("site.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.FileStreamHttpResult Asset(string name, string contentType)
    {
        var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("Silo.Server.Web.Assets." + name)
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing from the build.");
        return TypedResults.Stream(stream, contentType);
    }
}
