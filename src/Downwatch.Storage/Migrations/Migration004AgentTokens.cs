using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Per-location agent tokens, stored as SHA-256 hashes; location checks stored once per location and time.</summary>
[Migration(4, "Agent tokens")]
public sealed class Migration004AgentTokens : Migration
{
    public override void Up()
    {
        Create.Table("agent_tokens")
            .WithColumn("location").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("token_hash").AsString(64).NotNullable().Unique()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("revoked_at").AsInt64().Nullable();
        Create.Index("ux_location_checks_location_at").OnTable("location_checks")
            .OnColumn("location").Ascending().OnColumn("at").Ascending().WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Index("ux_location_checks_location_at").OnTable("location_checks");
        Delete.Table("agent_tokens");
    }
}
