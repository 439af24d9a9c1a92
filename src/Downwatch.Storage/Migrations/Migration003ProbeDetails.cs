using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Probe timing breakdown, TLS facts and body signals; a unique result id so a batch sent twice is stored once.</summary>
[Migration(3, "Probe details and result ids")]
public sealed class Migration003ProbeDetails : Migration
{
    public override void Up()
    {
        Alter.Table("probe_results")
            .AddColumn("result_id").AsString(64).Nullable()
            .AddColumn("details").AsString(int.MaxValue).Nullable();
        Create.Index("ux_probe_results_result_id").OnTable("probe_results").OnColumn("result_id").Unique();
    }

    public override void Down()
    {
        Delete.Index("ux_probe_results_result_id").OnTable("probe_results");
        Delete.Column("details").FromTable("probe_results");
        Delete.Column("result_id").FromTable("probe_results");
    }
}
