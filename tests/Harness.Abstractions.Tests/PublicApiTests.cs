using System.Reflection;
using System.Text;
using Harness.Abstractions;

namespace Harness.Abstractions.Tests;

/// <summary>
/// The plugin contract is shared with every plugin: an accidental change to it must show up in review.
/// When a change is meant, copy the printed API over PublicApi.approved.txt.
/// </summary>
public sealed class PublicApiTests
{
    [Test]
    public void The_public_contract_matches_the_approved_snapshot()
    {
        var actual = Describe(typeof(ITransport).Assembly);
        var approved = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi.approved.txt")).ReplaceLineEndings("\n");

        actual.ShouldBe(approved, "the public API changed; if that is meant, update PublicApi.approved.txt:\n" + actual);
    }

    [Test]
    public void The_contract_depends_on_the_base_class_library_only()
    {
        var references = typeof(ITransport).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        references.ShouldAllBe(name => name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard" || name == "mscorlib");
    }

    private static string Describe(Assembly assembly)
    {
        var builder = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            builder.Append(type.FullName).Append('\n');
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(m => "  " + m.MemberType + " " + m)
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
            {
                builder.Append(member).Append('\n');
            }
        }

        return builder.ToString();
    }
}
