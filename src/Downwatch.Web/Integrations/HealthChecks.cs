using Downwatch.Storage.Faults;
using Downwatch.Storage.Sql;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Downwatch.Web.Integrations;

/// <summary>
/// /healthz: the process answers. /readyz: it can also reach its database, its last write succeeded and no background
/// loop is failing; when not, 503 with one line per problem.
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddDownwatchHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<BackgroundWorkHealthCheck>("background work", tags: [Ready]);

        // A background loop that ends with an exception must not take the site down with it: /readyz names it instead.
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        return services;
    }

    /// <summary>"Healthy", or "Unhealthy" followed by each problem on its own line (plain text).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Values.Select(e => e.Description).Where(d => !string.IsNullOrEmpty(d));
        return context.Response.WriteAsync(string.Join("\n", [report.Status.ToString(), .. lines]));
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }
}

/// <summary>Opens a connection and runs a trivial query; then asks whether the last write and the background loops went well.</summary>
internal sealed class DatabaseHealthCheck(IConnectionFactory connections, RunningHealth health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(e is DatabaseFileReplacedException ? e.Message : "The database cannot be reached.", e);
        }

        var problems = new List<string>();
        if (health.LastWrite is { } write)
        {
            problems.Add($"The last write failed at {write.At:yyyy-MM-dd HH:mm:ss} UTC: {write.Message}");
        }

        problems.AddRange(health.FailingLoops.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l =>
            $"Background work '{l.Key}' failed {l.Value.Times} time(s) in a row, last at {l.Value.At:yyyy-MM-dd HH:mm:ss} UTC: {l.Value.Message}"));
        return problems.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("\n", problems));
    }
}

/// <summary>Background loops that have stopped with an exception (each loop retries its own failures; this is the net
/// under one that did not).</summary>
internal sealed class BackgroundWorkHealthCheck(IEnumerable<IHostedService> services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stopped = services.OfType<BackgroundService>().Where(s => s.ExecuteTask is { IsFaulted: true })
            .Select(s => $"Background work '{s.GetType().Name}' stopped: {s.ExecuteTask!.Exception!.InnerException?.Message.ReplaceLineEndings(" ")}")
            .ToList();
        return Task.FromResult(stopped.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("\n", stopped)));
    }
}
