using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Downwatch.Catalog;

/// <summary>
/// The node tree of one YAML file, used to point problems at a line: a field path such as
/// <c>services[3].components[0].url</c> resolves to the position of that node (or of its nearest parent).
/// </summary>
internal sealed class YamlDocument
{
    private readonly YamlNode? _root;

    private YamlDocument(string file, YamlNode? root)
    {
        File = file;
        _root = root;
    }

    public string File { get; }

    public YamlNode? Root => _root;

    /// <summary>Parses the text; a syntax error becomes a problem with the parser's position.</summary>
    public static YamlDocument Parse(string file, string text, List<CatalogProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            // An alias repeats a node wherever it is named: a few lines of nested aliases expand to billions of nodes
            // (a "billion laughs"). The catalog needs none, so any alias is refused before the tree is built or walked.
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                if (parser.Current is YamlDotNet.Core.Events.AnchorAlias alias)
                {
                    problems.Add(new CatalogProblem(file, alias.Start.Line, alias.Start.Column, "(syntax)",
                        $"the alias *{alias.Value} is not allowed in the catalog: write the value out where it is needed"));
                    return new YamlDocument(file, null);
                }
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            problems.Add(new CatalogProblem(file, e.Start.Line, e.Start.Column, "(syntax)", Clean(e)));
            return new YamlDocument(file, null);
        }

        return new YamlDocument(file, stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode);
    }

    public CatalogProblem Problem(string path, string message)
    {
        var mark = Locate(path);
        return new CatalogProblem(File, mark.Line, mark.Column, path, message);
    }

    /// <summary>The path of the innermost node that starts at or encloses a parser position.</summary>
    public string PathAt(Mark mark)
    {
        var best = "";
        Walk(_root, "", (path, node) =>
        {
            if (node.Start.CompareTo(mark) <= 0 && node.End.CompareTo(mark) >= 0 && path.Length >= best.Length)
            {
                best = path;
            }
        });
        return best.Length == 0 ? "(document)" : best;
    }

    /// <summary>Visits every node with its path.</summary>
    public void Walk(Action<string, YamlNode> visit) => Walk(_root, "", visit);

    private static void Walk(YamlNode? node, string path, Action<string, YamlNode> visit)
    {
        if (node is null)
        {
            return;
        }

        visit(path, node);
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var child = path.Length == 0 ? key.ToString() : $"{path}.{key}";
                    visit(child, key);
                    Walk(value, child, visit);
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Walk(seq.Children[i], $"{path}[{i}]", visit);
                }

                break;
        }
    }

    private Mark Locate(string path)
    {
        YamlNode? found = null;
        var longest = -1;
        Walk(_root, "", (p, node) =>
        {
            if ((path == p || path.StartsWith(p + ".", StringComparison.Ordinal) || path.StartsWith(p + "[", StringComparison.Ordinal))
                && p.Length > longest)
            {
                longest = p.Length;
                found = node;
            }
        });
        return found?.Start ?? new Mark(0, 1, 1);
    }

    internal static string Clean(YamlException e)
    {
        var message = e.InnerException is { } inner && e.Message.Contains("Exception during deserialization", StringComparison.Ordinal)
            ? inner.Message
            : e.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && paren > 0 ? message[(paren + 3)..] : message;
    }
}
