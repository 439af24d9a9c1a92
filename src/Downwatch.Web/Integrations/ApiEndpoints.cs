using Downwatch.Domain.Answers;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Status;
using Downwatch.Status;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Integrations;

/// <summary>The read API (v1): services with their assessment and evidence, and "which providers are usable now".</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("API").CachedPerRound();
        api.MapGet("/services", Services);
        api.MapGet("/services/{slug}", Service);
        api.MapGet("/healthy", Healthy);
        return app;
    }

    public static Ok<IReadOnlyList<ServiceSummary>> Services(StatusBoard board) =>
        TypedResults.Ok<IReadOnlyList<ServiceSummary>>(board.Catalog.Services.Select(s => Summary(s, board.Get(s.Slug))).ToList());

    public static Results<Ok<ServiceDetail>, NotFound> Service(StatusBoard board, string slug)
    {
        if (board.Catalog.FindService(slug) is not { } service)
        {
            return TypedResults.NotFound();
        }

        var a = board.Get(slug);
        return TypedResults.Ok(new ServiceDetail(Summary(service, a), Sentences(a),
            service.Components.Select(c => a.FindComponent(c.Slug)!).Select(c => new ComponentDetail(c.Component,
                service.FindComponent(c.Component)!.Name, c.Status, c.Confidence, c.LastChecked, Sentences(c))).ToList()));
    }

    /// <summary>For failover: the asked providers ranked as <see cref="ProviderRanking"/> decides; names not in the catalog are listed as not found.</summary>
    public static Results<Ok<HealthyAnswer>, BadRequest<string>> Healthy(StatusBoard board, ObservationWindow window, string? providers)
    {
        var asked = (providers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (asked.Count == 0)
        {
            asked = [.. board.Catalog.Services.Select(s => s.Slug)];
        }

        if (asked.Count > 200)
        {
            return TypedResults.BadRequest("Ask for at most 200 providers at once.");
        }

        var ranked = ProviderRanking.Rank(asked.Where(p => board.Catalog.FindService(p) is not null)
            .Select(p => ProviderRanking.Of(p, board.Get(p),
                window.LatestProbes(p).Where(r => r.Outcome == Domain.Observations.ProbeOutcome.Up).Select(r => r.LatencyMs))));
        return TypedResults.Ok(new HealthyAnswer(ranked, asked.Where(p => board.Catalog.FindService(p) is null).ToList()));
    }

    private static ServiceSummary Summary(ServiceDefinition s, ServiceAssessment a) =>
        new(s.Slug, s.Name, s.Company, s.Category, s.Region, a.Status, a.Diagnosis, a.Confidence, a.LastChecked, $"/status/{s.Slug}",
            IsDownAnswer.For(a).Word);

    private static List<EvidenceSentence> Sentences(Assessment a) =>
        a.Evidence.Select(e => new EvidenceSentence(e.Source.ToString(), e.Text, e.At)).ToList();
}

public sealed record ServiceSummary(string Slug, string Name, string Company, string Category, string Region, ServiceStatus Status,
    Diagnosis Diagnosis, Confidence Confidence, DateTimeOffset? LastChecked, string Page, string IsDown);

public sealed record EvidenceSentence(string Source, string Text, DateTimeOffset? At);

public sealed record ComponentDetail(string Slug, string Name, ServiceStatus Status, Confidence Confidence, DateTimeOffset? LastChecked,
    IReadOnlyList<EvidenceSentence> Evidence);

public sealed record ServiceDetail(ServiceSummary Service, IReadOnlyList<EvidenceSentence> Evidence, IReadOnlyList<ComponentDetail> Components);

public sealed record HealthyAnswer(IReadOnlyList<RankedProvider> Ranked, IReadOnlyList<string> NotFound);
