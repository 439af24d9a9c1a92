using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Streamed-request (inference) speeds in the rollups: time to first token and tokens per second of the correct
/// answers, as histograms like latency, so each model's usual speed is known for every hour of the week.</summary>
[Migration(65, "Rollup stream speeds")]
public sealed class Migration065RollupStreamSpeeds : Migration
{
    private static readonly string[] Rollups = ["probe_hourly", "probe_daily"];

    public override void Up()
    {
        foreach (var table in Rollups)
        {
            Alter.Table(table)
                .AddColumn("first_token").AsBinary(int.MaxValue).Nullable()
                .AddColumn("token_rate").AsBinary(int.MaxValue).Nullable();
        }
    }

    public override void Down()
    {
        foreach (var table in Rollups)
        {
            Delete.Column("first_token").Column("token_rate").FromTable(table);
        }
    }
}
