using Xunit.Abstractions;
using Xunit.Sdk;

namespace Downwatch.Storage.Tests;

/// <summary>
/// A test of the storage contract. It runs on every backend whose database is available; on one that is not (the
/// PostgreSQL half without <see cref="PostgresStoreTests.ConnectionVariable"/>) it is reported as skipped with the
/// way to enable it, never passed silently.
/// </summary>
[XunitTestCaseDiscoverer("Downwatch.Storage.Tests.ContractFactDiscoverer", "Downwatch.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        return typeof(PostgresStoreTests).IsAssignableFrom(type) && PostgresStoreTests.SkipReason is { } reason
            ? new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
