using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>
/// Raw probe results of a finished, rolled-up hour packed into one compressed row per endpoint and location, so that
/// two weeks of raw history cost a few bytes per result instead of a row each.
/// </summary>
[Migration(60, "Probe chunks")]
public sealed class Migration060ProbeChunks : Migration
{
    public override void Up()
    {
        Create.Table("probe_chunks")
            .WithColumn("hour").AsInt64().NotNullable().PrimaryKey()
            .WithColumn("service").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("component").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("endpoint").AsString(512).NotNullable().PrimaryKey()
            .WithColumn("location").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("results").AsInt32().NotNullable()
            .WithColumn("data").AsBinary(int.MaxValue).NotNullable();

        // Raw rows now live for an hour or two; the component index served no query and doubled their cost.
        Delete.Index("ix_probe_results_component").OnTable("probe_results");
    }

    public override void Down()
    {
        Create.Index("ix_probe_results_component").OnTable("probe_results")
            .OnColumn("service").Ascending().OnColumn("component").Ascending().OnColumn("at").Descending();
        Delete.Table("probe_chunks");
    }
}
