using Downwatch.Domain.Answers;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Inference;
using Downwatch.Domain.Status;
using Downwatch.Status;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Integrations;

/// <summary>The read API (v1): services with their assessment and evidence, and "which providers are usable now".</summary>
internal static class ApiEndpoints
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
                service.FindComponent(c.Component)!.Name, c.Status, c.Confidence, c.LastChecked, Sentences(c))).ToList(),
            a.Models.Select(ModelDetail.Of).ToList()));
    }

    /// <summary>For failover: the asked providers ranked as <see cref="ProviderRanking"/> decides, and their probed models (of one
    /// family when <paramref name="model"/> is given) as <see cref="ModelRanking"/> decides; names not in the catalog are listed as not found.</summary>
    public static Results<Ok<HealthyAnswer>, BadRequest<string>> Healthy(StatusBoard board, ObservationWindow window, string? providers, string? model)
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

        if (model is { Length: > 128 })
        {
            return TypedResults.BadRequest("A model family is at most 128 characters.");
        }

        var known = asked.Where(p => board.Catalog.FindService(p) is not null).ToList();
        var ranked = ProviderRanking.Rank(known
            .Select(p => ProviderRanking.Of(p, board.Get(p),
                window.LatestProbes(p).Where(r => r.Outcome == Domain.Observations.ProbeOutcome.Up && !InferenceEndpoint.Is(r)).Select(r => r.LatencyMs))));
        var models = ModelRanking.Rank(known.SelectMany(p => board.Get(p).Models), model);
        return TypedResults.Ok(new HealthyAnswer(ranked, asked.Where(p => board.Catalog.FindService(p) is null).ToList(), models));
    }

    private static ServiceSummary Summary(ServiceDefinition s, ServiceAssessment a) =>
        new(s.Slug, s.Name, s.Company, s.Category, s.Region, a.Status, a.Diagnosis, a.Confidence, a.LastChecked, $"/status/{s.Slug}",
            IsDownAnswer.For(a).Word);

    private static List<EvidenceSentence> Sentences(Assessment a) =>
        a.Evidence.Select(e => new EvidenceSentence(e.Source.ToString(), e.Text, e.At)).ToList();
}

internal sealed record ServiceSummary(string Slug, string Name, string Company, string Category, string Region, ServiceStatus Status,
    Diagnosis Diagnosis, Confidence Confidence, DateTimeOffset? LastChecked, string Page, string IsDown);

internal sealed record EvidenceSentence(string Source, string Text, DateTimeOffset? At);

internal sealed record ComponentDetail(string Slug, string Name, ServiceStatus Status, Confidence Confidence, DateTimeOffset? LastChecked,
    IReadOnlyList<EvidenceSentence> Evidence);

internal sealed record ServiceDetail(ServiceSummary Service, IReadOnlyList<EvidenceSentence> Evidence, IReadOnlyList<ComponentDetail> Components,
    IReadOnlyList<ModelDetail> Models);

/// <summary>One model as our streamed requests see it: status, now against usual, where from.</summary>
internal sealed record ModelDetail(string Model, string Component, ServiceStatus Status, bool Usable, int Attempts, int Failures, string? TopFailure,
    IReadOnlyList<string> Locations, IReadOnlyList<string> FailingLocations, double? TtftMs, double? TtftUsualMs, double? TokensPerSecond,
    double? TokensPerSecondUsual, bool Slow, DateTimeOffset? LastChecked, string Evidence)
{
    public static ModelDetail Of(ModelAssessment m) => new(m.Model, m.Component, m.Status, m.Usable, m.Attempts, m.Failures, m.TopFailure,
        m.Locations, m.FailingLocations, Round(m.TtftNowMs), Round(m.TtftUsualMs), Round(m.TokensPerSecondNow), Round(m.TokensPerSecondUsual),
        m.Slow, m.LastChecked, m.Evidence.Text);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

/// <param name="Models">The asked providers' probed models, ranked (of the asked family only, when one was given).</param>
internal sealed record HealthyAnswer(IReadOnlyList<RankedProvider> Ranked, IReadOnlyList<string> NotFound, IReadOnlyList<RankedModel> Models);
