namespace Downwatch.Probing.Inference;

/// <summary>What an inference target asks: one model of one service in one wire format, with one provider key.</summary>
/// <param name="Format">A wire format name (<see cref="WireFormats"/>).</param>
/// <param name="BaseUrl">The service's API base URL from the catalog, e.g. https://api.openai.com/v1.</param>
/// <param name="KeyName">The operator's name of the key (shown in spend), never the key.</param>
public sealed record InferenceSpec(string Format, string BaseUrl, string Model, string KeyName, ApiSecret Secret);

/// <summary>A provider API key in memory. It prints as a placeholder, so no log line, record dump or exception message can
/// carry it; only the request builder reads it.</summary>
public sealed class ApiSecret(string value)
{
    internal string Reveal() => value;

    public override string ToString() => "[secret]";

    public override bool Equals(object? obj) => obj is ApiSecret other && string.Equals(other.Reveal(), value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);
}
