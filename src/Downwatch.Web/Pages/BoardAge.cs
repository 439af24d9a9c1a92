using Downwatch.Domain.Status;
using Downwatch.Status;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Pages;

/// <summary>
/// Whether the statuses on pages are so old that pages must say so: no round published for as many evaluation
/// intervals as make a probe result stale (the database lost, the status rounds failing, no node leading). The
/// statuses are then still shown, as last worked out, under a notice with that time.
/// </summary>
internal sealed class BoardAge(StatusBoard board, IOptions<StatusOptions> status, IOptions<EngineOptions> engine, TimeProvider time)
{
    /// <summary>When the statuses were last worked out, if that is too long ago; else null.</summary>
    public DateTimeOffset? StaleSince
    {
        get
        {
            var published = board.PublishedAt;
            return time.GetUtcNow() - published > status.Value.EvaluationInterval * engine.Value.StaleAfterIntervals ? published : null;
        }
    }
}
