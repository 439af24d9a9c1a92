namespace Downwatch.Web.Hosting;

/// <summary>The API reference page (Scalar's) is written without a <c>lang</c>; screen readers then guess its language.
/// Its small HTML shell is held back and given <c>lang="en"</c> on the way out.</summary>
internal static class ApiDocsLanguage
{
    public static IApplicationBuilder UseApiDocsLanguage(this IApplicationBuilder app) => app.UseWhen(
        context => context.Request.Path.StartsWithSegments(SecurityHeaders.DocsPath) && HttpMethods.IsGet(context.Request.Method),
        branch => branch.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var bytes = buffer.ToArray();
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
            {
                var html = System.Text.Encoding.UTF8.GetString(bytes);
                bytes = System.Text.Encoding.UTF8.GetBytes(html.Replace("<html>", "<html lang=\"en\">", StringComparison.Ordinal));
                context.Response.ContentLength = bytes.Length;
            }

            await original.WriteAsync(bytes, context.RequestAborted);
        }));
}
