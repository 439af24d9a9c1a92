using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>One incident per problem: the provider's updates on the same problem, kept in our incident as JSON beside
/// our own updates.</summary>
[Migration(64, "Incident provider updates")]
public sealed class Migration064IncidentProviderUpdates : Migration
{
    public override void Up()
    {
        Alter.Table("incidents").AddColumn("provider_updates").AsString(int.MaxValue).Nullable();
    }

    public override void Down()
    {
        Delete.Column("provider_updates").FromTable("incidents");
    }
}
