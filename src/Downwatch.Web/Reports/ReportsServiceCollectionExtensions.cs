using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Community reports: antiforgery, per-client rate limits, the fingerprint and the group-commit writer.</summary>
    public static IServiceCollection AddCommunityReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAntiforgery();
        services.AddSingleton<ClientFingerprint>();
        services.AddSingleton<ReportIntake>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportIntake>());
        services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.AddPolicy(ReportEndpoints.RateLimitPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ReportOptions>>().Value;
                var client = context.RequestServices.GetRequiredService<ClientFingerprint>().Of(context);
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitsPerClient,
                    Window = options.PermitWindow,
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}
