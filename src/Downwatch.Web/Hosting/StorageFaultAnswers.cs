using System.Data.Common;
using Downwatch.Storage;
using Downwatch.Storage.Faults;

namespace Downwatch.Web.Hosting;

/// <summary>
/// A request that needed the database while it failed (disk full, file deleted or replaced, unreachable) is answered
/// 503 with Retry-After and a sentence saying nothing was stored — never 500, never an acknowledgement.
/// </summary>
internal static partial class StorageFaultAnswers
{
    public static IApplicationBuilder UseStorageFaultAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsStorageFault(e) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.RequestServices.GetRequiredService<RunningHealth>().WriteFailed(e); // readiness shows it
            }

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageFaultAnswers));
            LogFault(logger, e, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "60";
            var detail = e is DatabaseFileReplacedException ? e.Message + " Nothing from this request was stored."
                : "The database is unavailable right now, so nothing from this request was stored. Please try again in a minute.";
            await ProblemAnswers.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Storage unavailable", detail);
        }
    });

    /// <summary>Whether <paramref name="e"/> (or what it wraps) is the database failing.</summary>
    public static bool IsStorageFault(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException or DatabaseFileReplacedException or StorageUnavailableException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} answered 503: the database failed")]
    private static partial void LogFault(ILogger logger, Exception exception, string method, string path);
}
