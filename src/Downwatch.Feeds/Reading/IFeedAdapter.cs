namespace Downwatch.Feeds.Reading;

/// <summary>
/// Reads one status-page format. Adapters are registered with their own <c>Add{X}()</c> extension and found by
/// <see cref="Name"/>, by the catalog's <see cref="Platforms"/>, or by how surely they <see cref="Recognize"/> a body.
/// </summary>
public interface IFeedAdapter
{
    /// <summary>The format name used by <c>downwatch feeds check --format</c> ("statuspage", "rss", …).</summary>
    string Name { get; }

    /// <summary>The catalog <c>status_page.format</c> values whose feeds this adapter reads.</summary>
    IReadOnlyCollection<string> Platforms { get; }

    /// <summary>0 when the body is not this format; higher the surer (up to 100). Never throws.</summary>
    int Recognize(FeedPayload payload);

    /// <summary>Reads the body; throws <see cref="FeedFormatException"/> with a clear message when it cannot.</summary>
    FeedRead Read(FeedPayload payload);
}
