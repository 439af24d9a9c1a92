using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Reports carry an optional note and region, and count once per reporter, service and vote window.</summary>
[Migration(5, "Report votes")]
public sealed class Migration005ReportVotes : Migration
{
    public override void Up()
    {
        Alter.Table("reports")
            .AddColumn("note").AsString(280).Nullable()
            .AddColumn("region").AsString(64).Nullable()
            .AddColumn("vote_window").AsInt64().Nullable();
        Create.Index("ux_reports_vote").OnTable("reports")
            .OnColumn("service").Ascending().OnColumn("reporter").Ascending().OnColumn("vote_window").Ascending()
            .WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Index("ux_reports_vote").OnTable("reports");
        Delete.Column("vote_window").FromTable("reports");
        Delete.Column("region").FromTable("reports");
        Delete.Column("note").FromTable("reports");
    }
}
