using System.Diagnostics.Metrics;
using Downwatch.Domain.Status;
using Downwatch.Probing.Scheduling;
using Downwatch.Status;
using OpenTelemetry.Metrics;

namespace Downwatch.Web.Integrations;

/// <summary>
/// Prometheus metrics at /metrics through OpenTelemetry: the status of every service, probes started and slots
/// missed by this server's scheduler, online locations, reports committed, page renders and open live streams
/// (notification metrics are registered by the notifications module) — plus ASP.NET Core's own.
/// </summary>
internal static class DownwatchMetrics
{
    public const string MeterName = Notifications.NotificationMetrics.MeterName;

    public static IServiceCollection AddDownwatchMetrics(this IServiceCollection services)
    {
        services.AddSingleton<MetricsRegistration>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this WebApplication app)
    {
        app.Services.GetRequiredService<MetricsRegistration>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Observable instruments read the live state when scraped; nothing is counted twice.</summary>
    public sealed class MetricsRegistration : IDisposable
    {
        private readonly Meter _meter = new(MeterName);

        public MetricsRegistration(StatusBoard board, ObservationWindow window, IServiceProvider services)
        {
            _meter.CreateObservableGauge("downwatch_service_status_severity", () => board.Catalog.Services.Select(s =>
                new Measurement<int>(board.Get(s.Slug).Status.Severity(), new KeyValuePair<string, object?>("service", s.Slug))),
                description: "Current status of each service: -1 unknown, 0 operational, 1 maintenance, 2 degraded, 3 partial outage, 4 major outage");
            _meter.CreateObservableGauge("downwatch_probe_locations_online", () => window.Locations.Count(l => l.Online),
                description: "Probe locations whose latest control check passed");
            var reports = services.GetRequiredService<Reports.ReportIntake>();
            _meter.CreateObservableCounter("downwatch_reports_committed", () => reports.Committed,
                description: "Community reports committed to storage since start");
            var pages = services.GetRequiredService<Pages.PageCache>();
            _meter.CreateObservableCounter("downwatch_page_renders", () => pages.Renders,
                description: "Pages rendered (a page served from memory is not a render)");
            var live = services.GetRequiredService<LiveUpdates.LiveUpdateHub>();
            _meter.CreateObservableGauge("downwatch_live_streams", () => live.Readers, description: "Open Server-Sent Events streams");
            if (services.GetService<SchedulerStats>() is { } stats)
            {
                _meter.CreateObservableCounter("downwatch_probes_started", () => stats.Started, description: "Probes started by this server's scheduler");
                _meter.CreateObservableCounter("downwatch_probe_slots_missed", () => stats.Missed, description: "Slots that came while the target's previous probe still ran");
                _meter.CreateObservableCounter("downwatch_probe_retries", () => stats.Retries, description: "Quick retries of a failure (confirm-before-flip)");
            }
        }

        public void Dispose() => _meter.Dispose();
    }
}
