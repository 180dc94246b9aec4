using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>AsyncAPI 3.0 documents: alone, beside an OpenAPI document of the same client, and the ones refused.</summary>
public class RealtimeGenerationTests
{
    private static TestDocument Bundled => new("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi");

    private static TestDocument BundledAsync => new("asyncapi.json", File.ReadAllText(TestPaths.BundledAsyncApi), "VoiceAiClient", "VoiceAi")
    {
        Metadata = new Dictionary<string, string> { ["AsyncApiClientName"] = "VoiceAiClient", ["AsyncApiNamespace"] = "VoiceAi" },
    };

    /// <summary>What README shows, compiled against the generated client.</summary>
    private const string Usage = """
        using System.Buffers;
        using VoiceAi;

        public static class Usage
        {
            public static async System.Threading.Tasks.Task Speak(VoiceAiClient client, System.Threading.CancellationToken cancellationToken)
            {
                await using var tts = await client.ConnectMultiStreamAsync(cancellationToken);
                using var greeting = tts.ForContext("greeting");
                await tts.SendInitMultiAsync(new InitMessageMulti { ContextId = "greeting", Text = "Hello!", VoiceId = "v", AudioFormat = InitMessageMultiAudioFormat.Pcm16000, Flush = true }, cancellationToken);
                await tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "greeting", Text = "More.", Flush = true }, cancellationToken);
                var audio = new ArrayBufferWriter<byte>();
                while (true)
                {
                    var receipt = await greeting.ReceiveAsync(audio, cancellationToken);
                    if (!receipt.Received || receipt.Message?.IsCompletionMessageMulti == true) break;
                }

                await foreach (MultiStreamMessage message in tts.ReadAllAsync(cancellationToken))
                {
                    if (message.AsAudioChunkMulti is { } chunk) System.Console.WriteLine(chunk.ContextId + chunk.Audio.Length);
                    if (message.AsErrorMessageMulti is { } error) System.Console.WriteLine(error.Error);
                    if (!message.IsKnown) System.Console.WriteLine(message.Json);
                }

                await tts.CloseContextMultiAsync(new CloseContextMulti { ContextId = "greeting", CloseContext = true }, cancellationToken);
                await tts.CloseSocketMultiAsync(new CloseSocketMulti { CloseSocket = true }, cancellationToken);

                await using var single = await client.ConnectStreamAsync(cancellationToken);
                await single.SendInitSingleAsync(new InitMessageSingle { Text = "Hi", Flush = true }, cancellationToken);
                StreamMessage? next = await single.ReceiveAsync(cancellationToken);
                System.Net.WebSockets.WebSocketCloseStatus? status = single.CloseStatus;
                var options = new VoiceAiClientOptions { RealtimeAddress = new System.Uri("wss://dev.voice.ai"), RealtimeQueueMessages = 8, MaxRealtimeMessageBytes = 1 << 20, RealtimeConnectTimeout = System.TimeSpan.FromSeconds(5) };
                try { await single.ReceiveAsync(cancellationToken); }
                catch (VoiceAiRealtimeException e) { System.Console.WriteLine((e.CloseStatus, e.CloseDescription, e.HttpStatusCode, e.ServerMessage)); }
            }
        }
        """;

    [Fact]
    public void The_bundled_AsyncAPI_document_joins_VoiceAiClient_with_both_channels_and_compiles_clean()
    {
        var result = GeneratorHarness.Run([Bundled, BundledAsync], Usage);

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        var hints = result.Sources.Select(s => s.HintName).ToList();
        Assert.Contains("VoiceAi.VoiceAiClient.Realtime.g.cs", hints);
        Assert.Contains("VoiceAi.VoiceAiClient.Realtime.Stream.g.cs", hints);
        Assert.Contains("VoiceAi.VoiceAiClient.Realtime.MultiStream.g.cs", hints);

        // One client: one options class, one exception, one Json resolver.
        Assert.Single(hints, h => h.EndsWith(".Options.g.cs", StringComparison.Ordinal));
        Assert.Single(hints, h => h.EndsWith(".Json.g.cs", StringComparison.Ordinal));
        var multi = result.Source("VoiceAi.VoiceAiClient.Realtime.MultiStream.g.cs");
        foreach (var send in new[] { "SendInitMultiAsync", "SendTextMultiAsync", "CloseContextMultiAsync", "CloseSocketMultiAsync" })
        {
            Assert.Contains("public __y.Tasks.Task " + send + "(", multi, StringComparison.Ordinal);
        }

        var single = result.Source("VoiceAi.VoiceAiClient.Realtime.Stream.g.cs");
        Assert.Contains("SendInitSingleAsync(", single, StringComparison.Ordinal);
        Assert.Contains("SendTextSingleAsync(", single, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenContext", single, StringComparison.Ordinal); // one context: no routing property
    }

    [Fact]
    public void Snapshots_of_what_the_AsyncAPI_document_adds_to_the_bundled_client()
    {
        var plain = GeneratorHarness.Run(Bundled);
        var both = GeneratorHarness.Run([Bundled, BundledAsync]);
        Assert.Empty(both.GeneratorDiagnostics);
        var before = plain.Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        var changed = both.Sources.Where(s => !before.TryGetValue(s.HintName, out var old) || old != s.SourceText.ToString()).ToList();

        // The realtime files, and the type files and resolver that hold the messages; the HTTP client itself is unchanged.
        Assert.DoesNotContain(changed, s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal) || s.HintName.EndsWith(".Options.g.cs", StringComparison.Ordinal));
        Assert.Contains(changed, s => s.HintName.EndsWith(".Realtime.g.cs", StringComparison.Ordinal));
        foreach (var source in changed)
        {
            Snapshot.Verify("VoiceAiRealtime", source.HintName.Replace(".g.cs", string.Empty), source.SourceText.ToString());
        }

        Snapshot.VerifyNoOthers("VoiceAiRealtime", changed.Select(s => s.HintName.Replace(".g.cs", string.Empty)));
    }

    [Fact]
    public void The_AsyncAPI_document_alone_is_a_client_of_its_own()
    {
        var result = GeneratorHarness.Run(new TestDocument("asyncapi.json", File.ReadAllText(TestPaths.BundledAsyncApi), "SpeechClient", "Speech"));

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        var options = result.Source("Speech.SpeechClient.Options.g.cs");
        Assert.Contains("new __x.Uri(\"https://dev.voice.ai\")", options, StringComparison.Ordinal); // the wss server, as the HTTP address
        Assert.Contains("ConnectMultiStreamAsync(", result.Source("Speech.SpeechClient.Realtime.MultiStream.g.cs"), StringComparison.Ordinal);
    }

    private const string ChatYaml = """
        asyncapi: 3.0.0
        info: { title: Chat, version: '1' }
        servers:
          edge:
            host: '{region}.chat.example'
            protocol: ws
            pathname: /v2
            variables: { region: { default: eu, enum: [eu, us] } }
            security: [ { $ref: '#/components/securitySchemes/header' } ]
        channels:
          room:
            address: /rooms/{roomId}/{lang}
            parameters: { roomId: { description: The room. }, lang: { default: en } }
            messages:
              say: { payload: { type: object, required: [text], properties: { text: { type: string } } } }
              heard: { payload: { type: object, required: [from], properties: { from: { type: string } } } }
        operations:
          say: { action: send, channel: { $ref: '#/channels/room' } , messages: [ { $ref: '#/channels/room/messages/say' } ] }
          hear: { action: receive, channel: { $ref: '#/channels/room' }, messages: [ { $ref: '#/channels/room/messages/heard' } ] }
        components:
          securitySchemes:
            header: { type: httpApiKey, in: header, name: X-Chat-Key }
        """;

    [Fact]
    public void A_YAML_document_with_server_variables_channel_parameters_and_an_API_key_header_generates_and_compiles()
    {
        var result = GeneratorHarness.Run(new TestDocument("chat.yaml", ChatYaml, "ChatClient", "Chat"), """
            public static class Use
            {
                public static async System.Threading.Tasks.Task Go(Chat.ChatClient client)
                {
                    await using var room = await client.ConnectRoomAsync("lobby");
                    await using var french = await client.ConnectRoomAsync("lobby", "fr");
                    await room.SayAsync(new Chat.Say { Text = "hi" });
                    Chat.Heard? heard = await room.ReceiveAsync();
                }
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        var channel = result.Source("Chat.ChatClient.Realtime.Room.g.cs");
        Assert.Contains("__headers.Add(new(\"X-Chat-Key\", ", channel, StringComparison.Ordinal);
        Assert.Contains("\"/rooms/\" + PathSegment(roomId, nameof(roomId)) + \"/\" + PathSegment(lang, nameof(lang))", channel, StringComparison.Ordinal);
        Assert.Contains("string lang = \"en\"", channel, StringComparison.Ordinal);
        Assert.Contains("new __x.Uri(\"http://eu.chat.example/v2\")", result.Source("Chat.ChatClient.Options.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_AsyncAPI_2_document_is_a_located_error_that_asks_for_3_0()
    {
        const string text = "{\n  \"asyncapi\": \"2.6.0\",\n  \"info\": { \"title\": \"Old\", \"version\": \"1\" },\n  \"channels\": {}\n}";
        var result = GeneratorHarness.Run(new TestDocument("old.json", text, "OldClient", "Old"));

        var error = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("VOAI015", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("2.6.0", error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("3.0", error.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(1, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void A_channel_on_another_protocol_and_a_message_that_is_not_JSON_are_located_warnings_and_left_out()
    {
        const string text = """
            asyncapi: 3.0.0
            info: { title: Mixed, version: '1' }
            servers:
              socket: { host: ws.example.com, protocol: wss }
              broker: { host: kafka.example.com, protocol: kafka }
            channels:
              live:
                address: /live
                servers: [ { $ref: '#/servers/socket' } ]
                messages:
                  tick: { payload: { type: object, properties: { n: { type: integer } } } }
                  blob: { contentType: application/octet-stream, payload: { type: string } }
                  avro: { payload: { schemaFormat: application/vnd.apache.avro;version=1.9.0, schema: { type: record, name: A, fields: [] } } }
              orders:
                address: orders
                servers: [ { $ref: '#/servers/broker' } ]
                messages:
                  order: { payload: { type: object } }
            operations:
              ticks: { action: receive, channel: { $ref: '#/channels/live' } }
              take: { action: receive, channel: { $ref: '#/channels/orders' } }
            """;
        var result = GeneratorHarness.Run(new TestDocument("mixed.yaml", text, "MixedClient", "Mixed"));

        result.AssertCompilesClean();
        var warnings = result.GeneratorDiagnostics.Where(d => d.Id == "VOAI016").ToList();
        Assert.Contains(warnings, w => w.GetMessage().Contains("'broker'", StringComparison.Ordinal) && w.Location.GetLineSpan().StartLinePosition.Line == 4);
        Assert.Contains(warnings, w => w.GetMessage().Contains("'orders'", StringComparison.Ordinal) && w.Location.GetLineSpan().StartLinePosition.Line == 13);
        Assert.Contains(warnings, w => w.GetMessage().Contains("'blob'", StringComparison.Ordinal) && w.GetMessage().Contains("application/octet-stream", StringComparison.Ordinal) && w.Location.GetLineSpan().StartLinePosition.Line == 11);
        Assert.Contains(warnings, w => w.GetMessage().Contains("'avro'", StringComparison.Ordinal) && w.Location.GetLineSpan().StartLinePosition.Line == 12);
        Assert.All(result.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Contains("Mixed.MixedClient.Realtime.Live.g.cs", result.Sources.Select(s => s.HintName));
        Assert.DoesNotContain(result.Sources, s => s.HintName.Contains("Orders", StringComparison.Ordinal));
    }

    [Fact]
    public void A_payload_schema_whose_name_the_OpenAPI_document_has_gets_another_and_its_problems_point_into_the_AsyncAPI_file()
    {
        const string openApi = """
            openapi: 3.1.0
            info: { title: Both, version: '1' }
            servers: [ { url: 'https://api.example.com' } ]
            paths:
              /status:
                get:
                  operationId: getStatus
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Event' } } } }
            components:
              schemas:
                Event: { type: object, properties: { status: { type: string } } }
            """;
        const string asyncApi = """
            asyncapi: 3.0.0
            info: { title: Both, version: '1' }
            servers:
              live: { host: stream.example.com, protocol: wss }
            channels:
              events:
                address: /events
                messages:
                  event: { payload: { $ref: '#/components/schemas/Event' } }
            operations:
              listen: { action: receive, channel: { $ref: '#/channels/events' } }
            components:
              schemas:
                Event:
                  type: object
                  required: [kind]
                  properties:
                    kind: { type: string }
                    size: { type: integer, default: 1e400 }
            """;
        var result = GeneratorHarness.Run(
            [new TestDocument("both.yaml", openApi, "BothClient", "Both"), new TestDocument("both.asyncapi.yaml", asyncApi, "BothClient", "Both")],
            """
            public static class Use
            {
                public static async System.Threading.Tasks.Task Go(Both.BothClient client)
                {
                    Both.Event status = await client.GetStatusAsync();
                    await using var events = await client.ConnectEventsAsync();
                    Both.EventRealtime? next = await events.ReceiveAsync();
                }
            }
            """);

        result.AssertCompilesClean();
        var warning = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("VOAI011", warning.Id);
        Assert.EndsWith("both.asyncapi.yaml", warning.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal(18, warning.Location.GetLineSpan().StartLinePosition.Line);

        // Another host than the HTTP server's: the realtime address is the AsyncAPI server.
        Assert.Contains("RealtimeAddress { get; set; } = new __x.Uri(\"wss://stream.example.com\")", result.Source("Both.BothClient.Realtime.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_AsyncAPI_documents_for_one_client_are_refused_as_two_OpenAPI_documents_are()
    {
        var text = File.ReadAllText(TestPaths.BundledAsyncApi);
        var result = GeneratorHarness.Run([new TestDocument("a.json", text, "SpeechClient", "Speech"), new TestDocument("b.json", text, "SpeechClient", "Speech")]);
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "VOAI007");
        result.AssertCompilesClean();
    }

    [Fact]
    public async Task A_payload_that_lists_itself_in_its_allOf_and_server_variables_that_name_each_other_stay_small()
    {
        // 80 self-references in one allOf (exponential if each were followed again), and variables whose values are
        // made of the next one's placeholder, ten times over, ten levels deep (10^9 characters if substituted again).
        var allOf = string.Join(", ", Enumerable.Repeat("{ \"$ref\": \"#/components/schemas/S\" }", 80));
        var letters = "abcdefghij";
        var variables = string.Join(", ", letters.Select((c, i) => "\"" + c + "\": { \"default\": \"" + (i + 1 < letters.Length ? string.Concat(Enumerable.Repeat("{" + letters[i + 1] + "}", 10)) : "x") + "\" }"));
        var text = "{ \"asyncapi\": \"3.0.0\", \"info\": { \"title\": \"T\", \"version\": \"1\" },"
            + " \"servers\": { \"s\": { \"host\": \"{a}.example\", \"protocol\": \"wss\", \"variables\": { " + variables + " } } },"
            + " \"channels\": { \"c\": { \"address\": \"/c\", \"messages\": {"
            + " \"m\": { \"payload\": { \"$ref\": \"#/components/schemas/S\" } }, \"n\": { \"payload\": { \"$ref\": \"#/components/schemas/S\" } } } } },"
            + " \"operations\": { \"r\": { \"action\": \"receive\", \"channel\": { \"$ref\": \"#/channels/c\" } }, \"s\": { \"action\": \"send\", \"channel\": { \"$ref\": \"#/channels/c\" } } },"
            + " \"components\": { \"schemas\": { \"S\": { \"type\": \"object\", \"allOf\": [ " + allOf + " ], \"properties\": { \"id\": { \"type\": \"string\" } } } } } }";
        var openApi = "{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"T\", \"version\": \"1\" }, \"servers\": [ { \"url\": \"https://{a}.example\", \"variables\": { " + variables + " } } ], \"paths\": {} }";

        var run = Task.Run(() => (GeneratorHarness.Run(new TestDocument("loops.json", text, "LoopClient", "Loop")), GeneratorHarness.Run(new TestDocument("servers.json", openApi, "ServerClient", "Servers"))));
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120))));
        var (alone, servers) = await run;
        Assert.DoesNotContain(alone.GeneratorDiagnostics.Concat(servers.GeneratorDiagnostics), d => d.Id == "VOAI999");
        alone.AssertCompilesClean();
        servers.AssertCompilesClean();
        Assert.All(alone.Sources.Concat(servers.Sources), s => Assert.True(s.SourceText.Length < 2_000_000, s.HintName + " has " + s.SourceText.Length + " characters"));

        // Replaced once, the host is ten "{b}"s: no address, a located warning.
        Assert.Contains(alone.GeneratorDiagnostics, d => d.Id == "VOAI016" && d.GetMessage().Contains("'s'", StringComparison.Ordinal));
    }

    private const string ShapesYaml = """
        asyncapi: 3.0.0
        info: { title: Shapes, version: '1' }
        servers:
          s: { host: shapes.example, protocol: wss }
        channels:
          numbers:
            address: /numbers
            messages:
              count: { payload: { type: integer } }
              blob: { payload: { type: string, format: binary } }
              note: { payload: { type: object, properties: { text: { type: string } } } }
          mixed:
            address: /rooms/{lang}/{roomId}/{lang}
            parameters: { lang: { default: en }, roomId: { description: The room. } }
            messages:
              level: { payload: { type: string, enum: [low, high] } }
              tally: { payload: { type: integer } }
              audio: { payload: { type: object, required: [type], properties: { type: { const: audio }, data: { type: string } } } }
              done: { payload: { type: object, required: [type], properties: { type: { const: done }, total: { type: integer } } } }
              free: { payload: { type: object, properties: { anything: { type: string } } } }
              DefaultSettings: { payload: { type: object, required: [speed], properties: { speed: { type: number }, message: { type: string } } } }
              StreamError: { payload: { type: object, required: [message, code], properties: { message: { type: string }, code: { type: integer } } } }
        operations:
          hearCount: { action: receive, channel: { $ref: '#/channels/numbers' }, messages: [ { $ref: '#/channels/numbers/messages/count' } ] }
          sendBlob: { action: send, channel: { $ref: '#/channels/numbers' }, messages: [ { $ref: '#/channels/numbers/messages/blob' } ] }
          sendNote: { action: send, channel: { $ref: '#/channels/numbers' }, messages: [ { $ref: '#/channels/numbers/messages/note' } ] }
          hear: { action: receive, channel: { $ref: '#/channels/mixed' } }
          talk: { action: send, channel: { $ref: '#/channels/mixed' }, messages: [ { $ref: '#/channels/mixed/messages/free' } ] }
        """;

    [Fact]
    public void Value_type_payloads_ambiguous_kinds_and_a_default_before_a_required_parameter_compile()
    {
        var result = GeneratorHarness.Run(new TestDocument("shapes.yaml", ShapesYaml, "ShapesClient", "Shapes"), """
            public static class Use
            {
                public static async System.Threading.Tasks.Task Go(Shapes.ShapesClient client)
                {
                    await using var numbers = await client.ConnectNumbersAsync();
                    System.Text.Json.Nodes.JsonNode? count = await numbers.ReceiveAsync();
                    await numbers.SendNoteAsync(new Shapes.Note { Text = "n" });
                    await using var mixed = await client.ConnectMixedAsync("room");
                    await using var french = await client.ConnectMixedAsync("room", "fr");
                }
            }
            """);

        result.AssertCompilesClean();
        var numbers = result.Source("Shapes.ShapesClient.Realtime.Numbers.g.cs");
        Assert.Contains("RealtimeConnection<__x.Text.Json.Nodes.JsonNode>", numbers, StringComparison.Ordinal); // an integer message
        var mixed = result.Source("Shapes.ShapesClient.Realtime.Mixed.g.cs");
        Assert.Contains("ConnectMixedAsync(string roomId, string lang = \"en\", ", mixed, StringComparison.Ordinal);
        Assert.Contains("\"/rooms/\" + PathSegment(lang, nameof(lang)) + \"/\" + PathSegment(roomId, nameof(roomId)) + \"/\" + PathSegment(lang, nameof(lang))", mixed, StringComparison.Ordinal);

        // A kind is decided by its required names only where they are its own: audio and done both require "type"
        // alone, so the union reads them; the error is the message named so by a whole word (not "DefaultSettings").
        var read = mixed.Substring(mixed.IndexOf("protected override", StringComparison.Ordinal));
        Assert.DoesNotContain("FromAudio(", read, StringComparison.Ordinal);
        Assert.DoesNotContain("FromDone(", read, StringComparison.Ordinal);
        Assert.Contains("FromStreamError(", read, StringComparison.Ordinal);
        Assert.Contains("message.AsStreamError is { } ", mixed, StringComparison.Ordinal);
        Assert.DoesNotContain("message.AsDefaultSettings is { } ", mixed, StringComparison.Ordinal);
    }
}
