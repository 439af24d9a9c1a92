using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace Downwatch.Feeds.Tests.Fuzzing;

/// <summary>
/// Generators of broken feeds grown from real captured payloads: truncations, flipped bytes, and structure-aware
/// mutations (a value replaced by an absurd date, an unknown enum word, a huge string, a wrong type; a key or element
/// deleted or duplicated).
/// </summary>
public static class PayloadMutations
{
    private static readonly JsonNode?[] WeirdJson =
    [
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "", "mega_outage", "UNKNOWN_STATUS", "full_outage",
        "under_maintenance", "resolved", new string('x', 20_000), -1, 1e308, true, null, new JsonArray(), new JsonObject(), "<html>", "\u0000",
    ];

    private static readonly string[] WeirdText =
    [
        "Thu, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "not a date", "", "Status: EXPLODING", "Status: RESOLVED",
        "<p><small>Feb 30, 25:61 UTC</small><br><strong>Bogus</strong> - text</p>", new string('y', 20_000), "&amp;&lt;&gt;",
    ];

    public static Gen<byte[]> Json(params string[] fixtures) =>
        Gen.OneOf(Truncated(fixtures), Flipped(fixtures), Gen.Elements(fixtures).SelectMany(MutatedJson));

    public static Gen<byte[]> Xml(params string[] fixtures) =>
        Gen.OneOf(Truncated(fixtures), Flipped(fixtures), Gen.Elements(fixtures).SelectMany(MutatedXml));

    private static Gen<byte[]> Truncated(string[] fixtures) =>
        from name in Gen.Elements(fixtures)
        let bytes = Fixture.Bytes(name)
        from cut in Gen.Choose(0, bytes.Length - 1)
        select bytes[..cut];

    private static Gen<byte[]> Flipped(string[] fixtures) =>
        from name in Gen.Elements(fixtures)
        let bytes = Fixture.Bytes(name)
        from flips in Gen.ListOf(Gen.Zip(Gen.Choose(0, bytes.Length - 1), Gen.Choose(0, 255))).Resize(8)
        select Flip(bytes, flips);

    private static byte[] Flip(byte[] bytes, IEnumerable<(int At, int Value)> flips)
    {
        var copy = (byte[])bytes.Clone();
        foreach (var (at, value) in flips)
        {
            copy[at] = (byte)value;
        }

        return copy;
    }

    private static Gen<byte[]> MutatedJson(string name)
    {
        var root = JsonNode.Parse(Fixture.Bytes(name))!;
        var paths = Paths(root, "").ToArray();
        var one = from path in Gen.Elements(paths) from action in Gen.Choose(0, 3) from value in Gen.Elements(WeirdJson) select (path, action, value);
        return Gen.ListOf(one).Resize(5).Select(mutations =>
        {
            var copy = root.DeepClone();
            foreach (var (path, action, value) in mutations)
            {
                ApplyJson(copy, path, action, value);
            }

            return Encoding.UTF8.GetBytes(copy.ToJsonString());
        });
    }

    private static IEnumerable<string> Paths(JsonNode? node, string path)
    {
        yield return path;
        if (node is JsonObject o)
        {
            foreach (var (key, child) in o)
            {
                foreach (var p in Paths(child, path + "/" + key))
                {
                    yield return p;
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                foreach (var p in Paths(a[i], path + "/" + i))
                {
                    yield return p;
                }
            }
        }
    }

    private static void ApplyJson(JsonNode root, string path, int action, JsonNode? value)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return;
        }

        JsonNode? parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var c) => c,
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                if (action == 0)
                {
                    o.Remove(last);
                }
                else
                {
                    o[last] = value?.DeepClone();
                }

                break;
            case JsonArray a when int.TryParse(last, out var i) && i < a.Count:
                if (action == 0)
                {
                    a.RemoveAt(i);
                }
                else if (action == 1)
                {
                    a.Add(a[i]?.DeepClone());
                }
                else
                {
                    a[i] = value?.DeepClone();
                }

                break;
        }
    }

    private static Gen<byte[]> MutatedXml(string name)
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(Fixture.Bytes(name)));
        var count = doc.Descendants().Count();
        var one = from index in Gen.Choose(0, count - 1) from action in Gen.Choose(0, 2) from text in Gen.Elements(WeirdText) select (index, action, text);
        return Gen.ListOf(one).Resize(5).Select(mutations =>
        {
            var copy = new XDocument(doc);
            foreach (var (index, action, text) in mutations)
            {
                var element = copy.Descendants().ElementAtOrDefault(index);
                if (element is null || element == copy.Root)
                {
                    continue;
                }

                switch (action)
                {
                    case 0:
                        element.Remove();
                        break;
                    case 1:
                        element.AddAfterSelf(new XElement(element));
                        break;
                    default:
                        element.Value = text;
                        break;
                }
            }

            return Encoding.UTF8.GetBytes(copy.ToString());
        });
    }
}
