using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>The nodes probing from each location right now, so that nodes at one location share its endpoints.</summary>
[Migration(61, "Probe members")]
public sealed class Migration061ProbeMembers : Migration
{
    public override void Up()
    {
        Create.Table("probe_members")
            .WithColumn("node").AsString(256).NotNullable().PrimaryKey()
            .WithColumn("location").AsString(64).NotNullable()
            .WithColumn("expires_at").AsInt64().NotNullable();
    }

    public override void Down() => Delete.Table("probe_members");
}
