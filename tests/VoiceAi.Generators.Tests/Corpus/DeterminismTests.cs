using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests.Corpus;

/// <summary>The whole corpus generates byte-identical output under tr-TR, de-DE and the invariant culture, and on two runs.</summary>
public class DeterminismTests
{
    [Fact]
    public void The_corpus_generates_the_same_bytes_under_every_culture_and_on_every_run()
    {
        var original = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            foreach (var entry in CorpusManifest.Entries.Where(e => e.FileCount == 1))
            {
                var document = new TestDocument(entry.FullPath, File.ReadAllText(entry.FullPath), entry.ClientName, entry.Namespace);
                var hashes = new List<string>();
                foreach (var culture in new[] { "", "tr-TR", "de-DE", "" })
                {
                    CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
                    var driver = GeneratorHarness.CreateDriver([document]).RunGenerators(GeneratorHarness.CreateCompilation("class C { }"));
                    using var sha = SHA256.Create();
                    foreach (var source in driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources))
                    {
                        var bytes = Encoding.UTF8.GetBytes(source.HintName + "\n" + source.SourceText);
                        sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
                    }

                    sha.TransformFinalBlock([], 0, 0);
                    hashes.Add(Convert.ToHexString(sha.Hash!));
                }

                Assert.True(hashes.Distinct().Count() == 1, $"{entry.Name}: {string.Join(", ", hashes)}");
            }
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = original;
        }
    }
}
