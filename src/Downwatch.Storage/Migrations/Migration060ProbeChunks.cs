using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>
/// Compact probe history. Each (service, component, endpoint, location) is named once in <c>probe_series</c> and
/// referred to by number; the hourly and daily rollups move to rows keyed by (start, series); and raw results of a
/// finished, rolled-up hour are packed into one compressed row per series in <c>probe_chunks</c>, so that two weeks of
/// raw history cost a few bytes per result instead of a row each.
/// </summary>
[Migration(60, "Probe series and chunks")]
public sealed class Migration060ProbeChunks : Migration
{
    private static readonly string[] Rollups = ["probe_hourly", "probe_daily"];

    public override void Up()
    {
        Create.Table("probe_series")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("component").AsString(64).NotNullable()
            .WithColumn("endpoint").AsString(512).NotNullable()
            .WithColumn("location").AsString(64).NotNullable();
        Create.Index("ux_probe_series").OnTable("probe_series")
            .OnColumn("service").Ascending().OnColumn("component").Ascending().OnColumn("endpoint").Ascending().OnColumn("location").Ascending()
            .WithOptions().Unique();

        Create.Table("probe_chunks")
            .WithColumn("hour").AsInt64().NotNullable().PrimaryKey()
            .WithColumn("series").AsInt64().NotNullable().PrimaryKey()
            .WithColumn("results").AsInt32().NotNullable()
            .WithColumn("data").AsBinary(int.MaxValue).NotNullable();

        foreach (var table in Rollups)
        {
            Execute.Sql(
                "INSERT INTO probe_series (service, component, endpoint, location) " +
                $"SELECT DISTINCT r.service, r.component, r.endpoint, r.location FROM {table} r WHERE NOT EXISTS " +
                "(SELECT 1 FROM probe_series s WHERE s.service = r.service AND s.component = r.component AND s.endpoint = r.endpoint AND s.location = r.location)");
            Create.Table($"{table}_by_series")
                .WithColumn("start").AsInt64().NotNullable().PrimaryKey()
                .WithColumn("series").AsInt64().NotNullable().PrimaryKey()
                .WithColumn("probes").AsInt32().NotNullable()
                .WithColumn("degraded").AsInt32().NotNullable()
                .WithColumn("failures").AsInt32().NotNullable()
                .WithColumn("failure_kinds").AsString(1024).Nullable()
                .WithColumn("latency").AsBinary(int.MaxValue).NotNullable();
            Execute.Sql(
                $"INSERT INTO {table}_by_series (start, series, probes, degraded, failures, failure_kinds, latency) " +
                $"SELECT r.start, s.id, r.probes, r.degraded, r.failures, r.failure_kinds, r.latency FROM {table} r JOIN probe_series s " +
                "ON s.service = r.service AND s.component = r.component AND s.endpoint = r.endpoint AND s.location = r.location");
            Delete.Table(table);
            Rename.Table($"{table}_by_series").To(table);
        }

        // Raw rows now live for an hour or two; the component index served no query and doubled their cost.
        Delete.Index("ix_probe_results_component").OnTable("probe_results");
    }

    public override void Down() => throw new NotSupportedException("Probe history cannot be unpacked to its earlier form.");
}
