using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Two-step sign-in for console accounts: the authenticator secret (encrypted with Data Protection) and the
/// time step of the last code accepted, so that a code cannot be used twice.</summary>
[Migration(63, "Operator second factor")]
public sealed class Migration063OperatorSecondFactor : Migration
{
    public override void Up()
    {
        Alter.Table("operator_accounts")
            .AddColumn("second_factor").AsString(1024).Nullable()
            .AddColumn("last_code_step").AsInt64().NotNullable().WithDefaultValue(0);
    }

    public override void Down()
    {
        Delete.Column("second_factor").Column("last_code_step").FromTable("operator_accounts");
    }
}
