using Microsoft.Extensions.Options;

namespace Downwatch.Web.Reports;

internal static class ReportsServiceCollectionExtensions
{
    /// <summary>Community reports: per-client limits, the fingerprint, proof of work and the group-commit writer.</summary>
    public static IServiceCollection AddCommunityReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ProofOfWork.Difficulty is >= 1 and <= 32, "Reports:ProofOfWork:Difficulty must be 1 to 32 bits.")
            .Validate(o => o.ProofOfWork.Lifetime > TimeSpan.Zero, "Reports:ProofOfWork:Lifetime must be positive.")
            .Validate(o => o.ProofOfWork.MaxRemembered >= 1_000, "Reports:ProofOfWork:MaxRemembered must be at least 1,000.")
            .Validate(o => o.PermitWindow > TimeSpan.Zero, "Reports:PermitWindow must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ClientFingerprint>();
        services.AddSingleton<ReportRateLimit>();
        services.AddSingleton<ProofOfWork>();
        services.AddSingleton<ReportIntake>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportIntake>());
        return services;
    }
}
