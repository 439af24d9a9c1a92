using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>The leader lease of a group of nodes and the status rounds the leader publishes for the others.</summary>
[Migration(8, "Cluster")]
public sealed class Migration008Cluster : Migration
{
    public override void Up()
    {
        Create.Table("leases")
            .WithColumn("name").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("holder").AsString(256).NotNullable()
            .WithColumn("term").AsInt64().NotNullable()
            .WithColumn("expires_at").AsInt64().NotNullable();

        Create.Table("status_rounds")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("term").AsInt64().NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("payload").AsString(int.MaxValue).NotNullable();
    }

    public override void Down()
    {
        Delete.Table("status_rounds");
        Delete.Table("leases");
    }
}
