using System.Net;
using System.Text;
using Forms;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>Request bodies that are not JSON: application/x-www-form-urlencoded and multipart/form-data.</summary>
public class FormsClientTests
{
    private static (FormsClient Client, RecordingHandler Handler) Create(HttpStatusCode status = HttpStatusCode.OK, string json = """{"id":"x1"}""")
    {
        var handler = RecordingHandler.Json(status, json);
        return (new FormsClient(new HttpClient(handler)), handler);
    }

    [Fact]
    public async Task A_form_body_is_typed_and_sent_url_encoded_with_nested_fields_in_brackets()
    {
        var (client, handler) = Create();
        var result = await client.CreateChargeAsync(new CreateChargeRequest
        {
            Amount = 2000,
            Currency = "eur & more",
            Capture = false,
            Expand = ["customer", "invoice"],
            Events = ["a", "b"],
            Metadata = new Dictionary<string, string> { ["order"] = "42" },
            Items = [new CreateChargeRequestItemsItem { Price = "p_1", Quantity = 2 }],
        });

        Assert.Equal("x1", result.Id);
        Assert.Equal("application/x-www-form-urlencoded", handler.Last.Content!.Headers.ContentType!.MediaType);
        var fields = handler.LastBody!.Split('&').Select(Uri.UnescapeDataString).Select(f => f.Replace('+', ' ')).ToList();
        Assert.Equal(
            ["amount=2000", "currency=eur & more", "capture=false", "expand[0]=customer", "expand[1]=invoice", "events=a", "events=b", "metadata[order]=42", "items[0][price]=p_1", "items[0][quantity]=2"],
            fields);
    }

    [Fact]
    public async Task Unset_form_fields_are_left_out()
    {
        var (client, handler) = Create();
        await client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 });
        Assert.Equal("amount=1", handler.LastBody);
    }

    [Fact]
    public async Task A_multipart_body_sends_files_with_their_names_and_types_and_values_as_parts()
    {
        MultipartFormDataContent? sent = null;
        var parts = new List<(string? Name, string? FileName, string? Type, string Body)>();
        var handler = new RecordingHandler(request =>
        {
            sent = (MultipartFormDataContent)request.Content!;
            foreach (var part in sent)
            {
                var disposition = part.Headers.ContentDisposition!;
                parts.Add((disposition.Name?.Trim('"'), disposition.FileName?.Trim('"'), part.Headers.ContentType?.MediaType, part.ReadAsStringAsync().Result));
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"f1"}""", Encoding.UTF8, "application/json") };
        });
        var client = new FormsClient(new HttpClient(handler));

        var result = await client.UploadFileAsync(new Upload
        {
            File = new FormsFileContent(new MemoryStream("line 1\n"u8.ToArray()), "data.jsonl", "application/jsonl"),
            Attachments = [FormsFileContent.FromBytes([1, 2], "a.bin"), FormsFileContent.FromBytes([3], "b.bin")],
            Purpose = UploadPurpose.FineTune,
            Size = 7,
            Tags = ["x", "y"],
            Meta = new UploadMeta { Owner = "me" },
        });

        Assert.Equal("f1", result.Id);
        Assert.StartsWith("multipart/form-data; boundary=", handler.Last.Content!.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(("file", "data.jsonl", "application/jsonl", "line 1\n"), parts[0]);
        Assert.Equal(("attachments", "a.bin", "application/octet-stream"), (parts[1].Name, parts[1].FileName, parts[1].Type));
        Assert.Equal(("attachments", "b.bin"), (parts[2].Name, parts[2].FileName));
        Assert.Equal(("purpose", null, "fine-tune"), (parts[3].Name, parts[3].FileName, parts[3].Body));
        Assert.Equal(("size", "7"), (parts[4].Name, parts[4].Body));
        Assert.Equal(("tags", "x"), (parts[5].Name, parts[5].Body));
        Assert.Equal(("tags", "y"), (parts[6].Name, parts[6].Body));
        Assert.Equal(("meta", "application/json", """{"owner":"me"}"""), (parts[7].Name, parts[7].Type, parts[7].Body));
        Assert.Equal(8, parts.Count);
    }

    [Fact]
    public async Task Multipart_part_headers_are_quoted_as_RFC_7578_and_browsers_write_them()
    {
        string? wire = null;
        var handler = new RecordingHandler(request =>
        {
            wire = request.Content!.ReadAsStringAsync().Result;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"f1"}""", Encoding.UTF8, "application/json") };
        });
        var client = new FormsClient(new HttpClient(handler));

        await client.UploadFileAsync(new Upload
        {
            File = FormsFileContent.FromBytes([1], "my \"report\".jsonl"),
            Purpose = UploadPurpose.FineTune,
        });

        // Prism's multipart parser (and others) read quoted values only; filename* is not for form-data (RFC 7578 4.2).
        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"my %22report%22.jsonl\"\r\n", wire, StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: form-data; name=\"purpose\"\r\n", wire, StringComparison.Ordinal);
        Assert.DoesNotContain("filename*", wire, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_union_part_is_sent_as_text_when_its_value_is_a_string_and_as_JSON_when_it_is_an_object()
    {
        var bodies = new List<(string? Type, string Body)>();
        var handler = new RecordingHandler(request =>
        {
            var part = ((MultipartFormDataContent)request.Content!).Single(p => p.Headers.ContentDisposition!.Name?.Trim('"') == "chunking");
            bodies.Add((part.Headers.ContentType?.MediaType, part.ReadAsStringAsync().Result));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"f1"}""", Encoding.UTF8, "application/json") };
        });
        var client = new FormsClient(new HttpClient(handler));
        var file = FormsFileContent.FromBytes([1], "a.bin");

        await client.UploadFileAsync(new Upload { File = file, Purpose = UploadPurpose.FineTune, Chunking = UploadChunkingVariant1.Auto });
        await client.UploadFileAsync(new Upload { File = file, Purpose = UploadPurpose.FineTune, Chunking = new UploadChunkingVariant2 { Size = 5 } });

        Assert.Equal(("text/plain", "auto"), bodies[0]);
        Assert.Equal(("application/json", """{"size":5}"""), bodies[1]);
    }

    [Fact]
    public async Task An_inline_multipart_schema_with_a_3_1_content_media_type_has_a_file_part()
    {
        var names = new List<string?>();
        var handler = new RecordingHandler(request =>
        {
            names.AddRange(((MultipartFormDataContent)request.Content!).Select(p => p.Headers.ContentDisposition!.FileName?.Trim('"')));
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });
        var client = new FormsClient(new HttpClient(handler));

        await client.PutAvatarAsync(new PutAvatarRequest { Image = FormsFileContent.FromBytes([137, 80], "me.png", "image/png") });

        Assert.Equal(["me.png"], names);
    }
}

public class QueryStyleTests
{
    [Fact]
    public async Task A_path_that_has_a_query_goes_on_with_an_ampersand()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = new FormsClient(new HttpClient(handler));

        await client.ListFullItemsAsync(limit: 5);
        Assert.Equal("/items?view=full&limit=5", handler.Last.RequestUri!.PathAndQuery);

        await client.ListFullItemsAsync();
        Assert.Equal("/items?view=full", handler.Last.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Query_parameters_follow_their_style_and_explode()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = new FormsClient(new HttpClient(handler));

        await client.SearchAsync(
            ids: [1, 2],
            tags: ["a", "b c"],
            colors: ["red", "blue"],
            sizes: ["s", "m"],
            filter: new SearchFilter { Status = "open", Min = 3 },
            page: new SearchPage { Limit = 10, Cursor = "x/y" });

        Assert.Equal(
            "?ids=1%202&tags=a%7Cb%20c&colors=red&colors=blue&sizes=s%2Cm&filter%5Bstatus%5D=open&filter%5Bmin%5D=3&limit=10&cursor=x%2Fy",
            handler.Last.RequestUri!.Query);
    }
}

public class IntegerEnumTests
{
    [Fact]
    public void Integer_enums_have_members_named_by_value_and_keep_unknown_values()
    {
        Assert.Equal([0, 1, -1], UploadedLevel.KnownValues.Select(v => v.Value));
        Assert.Equal(UploadedLevel.ValueMinus1, System.Text.Json.JsonSerializer.Deserialize("-1", FormsJson.Default.UploadedLevel));

        var uploaded = System.Text.Json.JsonSerializer.Deserialize("""{"id":"a","level":7}""", FormsJson.Default.Uploaded)!;
        Assert.False(uploaded.Level!.Value.IsKnown);
        Assert.Equal(7, uploaded.Level.Value.Value);
        Assert.Equal("""{"id":"a","level":7}""", System.Text.Json.JsonSerializer.Serialize(uploaded, FormsJson.Default.Uploaded));
    }
}
