using Downwatch.Domain.Catalog;
using Downwatch.Probing;
using Downwatch.Probing.Agent;
using Downwatch.Storage;
using Downwatch.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Agents;

/// <summary>The API remote probe agents use: their assignment, and their results in batches.</summary>
internal static class AgentEndpoints
{
    private const string LocationItem = "downwatch.agent.location";

    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/agent/v1").AddEndpointFilter(Authenticate).WithTags("Agents");
        agents.MapGet("/assignment", Assignment);
        agents.MapPost("/results", Results).AllowBodyUpTo(16 * 1024 * 1024); // a batch held back while the server was away
        return app;
    }

    public static Ok<IReadOnlyList<ProbeTarget>> Assignment(ServiceCatalog catalog) => TypedResults.Ok(ProbeTarget.All(catalog));

    public static async Task<Results<Ok<BatchAccepted>, BadRequest<string>>> Results(AgentBatch batch, HttpContext context,
        ServiceCatalog catalog, IObservationStore store, CancellationToken ct)
    {
        var location = (string)context.Items[LocationItem]!;
        if (!IsComplete(batch))
        {
            return TypedResults.BadRequest("A batch needs the lists probes and checks; every probe needs service, component, endpoint, at, "
                + "outcome and latencyMs, every check at and online.");
        }

        if (batch.Probes.Any(p => string.IsNullOrEmpty(p.Details?.ResultId)))
        {
            return TypedResults.BadRequest("Every probe result needs details.resultId, so that a batch sent twice is stored once.");
        }

        // The token decides the location: an agent cannot report for another place or for unknown services.
        var probes = batch.Probes
            .Where(p => catalog.FindService(p.Service)?.FindComponent(p.Component) is not null)
            .Select(p => p with { Location = location })
            .ToList();
        var checks = batch.Checks.Select(c => c with { Location = location }).ToList();
        var accepted = new Domain.Observations.SignalSet(probes, checks, [], []);
        await store.AppendAsync(accepted, ct);
        return TypedResults.Ok(new BatchAccepted(probes.Count, checks.Count, batch.Probes.Count - probes.Count));
    }

    /// <summary>JSON can leave out what the types promise (null lists, null names): such a batch is refused, not stored.</summary>
    private static bool IsComplete(AgentBatch batch) =>
        batch is { Probes: not null, Checks: not null }
        && batch.Probes.All(p => p is not null && !string.IsNullOrEmpty(p.Service) && !string.IsNullOrEmpty(p.Component)
            && !string.IsNullOrEmpty(p.Endpoint) && p.At != default && Enum.IsDefined(p.Outcome) && double.IsFinite(p.LatencyMs))
        && batch.Checks.All(c => c is not null && c.At != default);

    private static async ValueTask<object?> Authenticate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        var location = string.IsNullOrEmpty(token)
            ? null
            : await http.RequestServices.GetRequiredService<IAgentTokenStore>().AuthenticateAsync(token, http.RequestAborted);
        if (location is null)
        {
            return TypedResults.Problem("A valid agent token is required (Authorization: Bearer <token>).", statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Items[LocationItem] = location;
        return await next(context);
    }
}

internal sealed record BatchAccepted(int Probes, int Checks, int IgnoredUnknownTargets);
