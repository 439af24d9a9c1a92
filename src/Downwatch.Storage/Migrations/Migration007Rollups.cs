using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Hourly and daily probe rollups (counts, failure kinds, latency histogram) and how far each has got.</summary>
[Migration(7, "Probe rollups")]
public sealed class Migration007Rollups : Migration
{
    public override void Up()
    {
        foreach (var table in new[] { "probe_hourly", "probe_daily" })
        {
            Create.Table(table)
                .WithColumn("service").AsString(64).NotNullable().PrimaryKey()
                .WithColumn("component").AsString(64).NotNullable().PrimaryKey()
                .WithColumn("endpoint").AsString(512).NotNullable().PrimaryKey()
                .WithColumn("location").AsString(64).NotNullable().PrimaryKey()
                .WithColumn("start").AsInt64().NotNullable().PrimaryKey()
                .WithColumn("probes").AsInt32().NotNullable()
                .WithColumn("degraded").AsInt32().NotNullable()
                .WithColumn("failures").AsInt32().NotNullable()
                .WithColumn("failure_kinds").AsString(1024).Nullable()
                .WithColumn("latency").AsBinary(int.MaxValue).NotNullable();
            Create.Index($"ix_{table}_start").OnTable(table).OnColumn("start");
        }

        Create.Table("rollup_progress")
            .WithColumn("span").AsString(16).NotNullable().PrimaryKey()
            .WithColumn("until").AsInt64().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("rollup_progress");
        Delete.Table("probe_daily");
        Delete.Table("probe_hourly");
    }
}
