using Downwatch.Domain.Observations;

namespace Downwatch.Storage.Sql;

/// <summary>A row of official_statuses as read by every store; select it with <see cref="Columns"/>.</summary>
internal sealed class OfficialStatusRow
{
    public const string Columns = "service, component, at, status, title, source_url AS SourceUrl";

    public string Service { get; init; } = "";
    public string? Component { get; init; }
    public long At { get; init; }
    public int Status { get; init; }
    public string? Title { get; init; }
    public string? SourceUrl { get; init; }

    public OfficialStatusObservation ToObservation() =>
        new(Service, Component, TimeColumns.FromColumn(At), (VendorStatus)Status, Title, SourceUrl);
}
