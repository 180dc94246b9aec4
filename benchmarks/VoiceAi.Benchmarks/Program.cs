using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Abstractions.Authentication;
using VoiceAi;
using VoiceAi.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(SelectPhoneNumber).Assembly).Run(args);

namespace VoiceAi.Benchmarks
{
    /// <summary>Answers every request with the same canned bytes: the benchmark measures the client, not the network.</summary>
    public sealed class CannedHandler(HttpStatusCode status, byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(status) { Content = content, RequestMessage = request });
        }
    }

    public abstract class ClientBenchmark
    {
        protected abstract HttpStatusCode Status { get; }

        protected abstract string Body { get; }

        protected HttpClient Http { get; private set; } = null!;

        protected VoiceAiClient Ours { get; private set; } = null!;

        protected FloorClient Floor { get; private set; } = null!;

        protected IRefitVoice Refit { get; private set; } = null!;

        protected Peers.NSwag.NSwagVoiceClient NSwag { get; private set; } = null!;

        protected Peers.Kiota.KiotaVoiceClient Kiota { get; private set; } = null!;

        [GlobalSetup]
        public void Setup()
        {
            Http = new HttpClient(new CannedHandler(Status, Encoding.UTF8.GetBytes(Body))) { BaseAddress = new Uri("https://dev.voice.ai/") };
            Ours = new VoiceAiClient(Http, new VoiceAiClientOptions { ApiKey = "k" });
            Floor = new FloorClient(Http);
            var options = new System.Text.Json.JsonSerializerOptions { TypeInfoResolver = FloorJsonContext.Default };
            Refit = global::Refit.RestService.For<IRefitVoice>(Http, new global::Refit.RefitSettings { ContentSerializer = new global::Refit.SystemTextJsonContentSerializer(options) });
            NSwag = new Peers.NSwag.NSwagVoiceClient(Http);
            var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: Http) { BaseUrl = "https://dev.voice.ai" };
            Kiota = new Peers.Kiota.KiotaVoiceClient(adapter);
        }
    }

    /// <summary>SelectPhoneNumberAsync: a small JSON request and a small JSON response.</summary>
    [MemoryDiagnoser]
    public class SelectPhoneNumber : ClientBenchmark
    {
        protected override HttpStatusCode Status => HttpStatusCode.OK;

        protected override string Body => """{"phone_number":"+15551234567","status":"active"}""";

        [Benchmark(Baseline = true)]
        public async Task<string> Floor_HttpClient_STJ_SourceGen() => (await Floor.SelectPhoneNumberAsync(new FloorRequest("+15551234567", "telnyx"))).Status;

        [Benchmark]
        public async Task<string> VoiceAi_Generated() => (await Ours.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+15551234567", Provider = PurchasePhoneNumberRequestProvider.Telnyx })).Status;

        [Benchmark]
        public async Task<string> Refit() => (await base.Refit.SelectPhoneNumberAsync(new FloorRequest("+15551234567", "telnyx"))).Status;

        [Benchmark]
        public async Task<string> NSwag() => (await base.NSwag.Select_phone_number_api_v1_agent_select_phone_number_postAsync(new Peers.NSwag.PurchasePhoneNumberRequest { Phone_number = "+15551234567", Provider = Peers.NSwag.PurchasePhoneNumberRequestProvider.Telnyx })).Status;

        [Benchmark]
        public async Task<string?> Kiota() => (await base.Kiota.Api.V1.Agent.SelectPhoneNumber.PostAsync(new Peers.Kiota.Models.PurchasePhoneNumberRequest { PhoneNumber = "+15551234567", Provider = Peers.Kiota.Models.PurchasePhoneNumberRequest_provider.Telnyx }))!.Status;
    }

    /// <summary>
    /// A large JSON response: swagger-petstore3's findPetsByStatus answering a list of pets of about 1 MB, read from the
    /// response stream by each client.
    /// </summary>
    [MemoryDiagnoser]
    public class LargeList
    {
        private Petstore3.Petstore3Client _ours = null!;
        private FloorClient _floor = null!;
        private IRefitVoice _refit = null!;
        private Peers.NSwagPetstore.NSwagPetstoreClient _nswag = null!;
        private Peers.KiotaPetstore.KiotaPetstoreClient _kiota = null!;

        /// <summary>About 1 MB: pets with a category, two photo URLs and two tags each.</summary>
        public static byte[] Body()
        {
            var json = new StringBuilder("[");
            for (var i = 0; json.Length < 1_000_000; i++)
            {
                if (i > 0)
                {
                    json.Append(',');
                }

                json.Append("{\"id\":").Append(i).Append(",\"name\":\"doggie ").Append(i)
                    .Append("\",\"category\":{\"id\":").Append(i % 7).Append(",\"name\":\"Dogs\"},\"photoUrls\":[\"https://example.com/photos/").Append(i)
                    .Append("/a.png\",\"https://example.com/photos/").Append(i).Append("/b.png\"],\"tags\":[{\"id\":1,\"name\":\"good\"},{\"id\":2,\"name\":\"fluffy\"}],\"status\":\"available\"}");
            }

            return Encoding.UTF8.GetBytes(json.Append(']').ToString());
        }

        [GlobalSetup]
        public void Setup()
        {
            var http = new HttpClient(new CannedHandler(HttpStatusCode.OK, Body())) { BaseAddress = new Uri("https://petstore3.swagger.io/api/v3/") };
            _ours = new Petstore3.Petstore3Client(http, new Petstore3.Petstore3ClientOptions { ApiKey = "k" });
            _floor = new FloorClient(http);
            var options = new System.Text.Json.JsonSerializerOptions { TypeInfoResolver = FloorJsonContext.Default };
            _refit = global::Refit.RestService.For<IRefitVoice>(http, new global::Refit.RefitSettings { ContentSerializer = new global::Refit.SystemTextJsonContentSerializer(options) });
            _nswag = new Peers.NSwagPetstore.NSwagPetstoreClient(http);
            _kiota = new Peers.KiotaPetstore.KiotaPetstoreClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = "https://petstore3.swagger.io/api/v3" });
        }

        [Benchmark(Baseline = true)]
        public async Task<int> Floor_HttpClient_STJ_SourceGen() => (await _floor.FindPetsByStatusAsync("available")).Count;

        [Benchmark]
        public async Task<int> VoiceAi_Generated() => (await _ours.FindPetsByStatusAsync(Petstore3.PetStatus.Available)).Count;

        [Benchmark]
        public async Task<int> Refit() => (await _refit.FindPetsByStatusAsync("available")).Count;

        [Benchmark]
        public async Task<int> NSwag() => (await _nswag.FindPetsByStatusAsync(Peers.NSwagPetstore.Status.Available)).Count;

        [Benchmark]
        public async Task<int> Kiota() => (await _kiota.Pet.FindByStatus.GetAsync(r => r.QueryParameters.Status = Peers.KiotaPetstore.Pet.FindByStatus.GetStatusQueryParameterType.Available))!.Count;
    }

    /// <summary>The 422 path: the error body is read into the documented HTTPValidationError and thrown.</summary>
    [MemoryDiagnoser]
    public class ValidationError : ClientBenchmark
    {
        protected override HttpStatusCode Status => HttpStatusCode.UnprocessableEntity;

        protected override string Body => """{"detail":[{"loc":["body","phone_number"],"msg":"Field required","type":"missing"}]}""";

        [Benchmark(Baseline = true)]
        public async Task<int> Floor_HttpClient_STJ_SourceGen()
        {
            try { await Floor.SelectPhoneNumberAsync(new FloorRequest("", null)); return 0; }
            catch (FloorException e) { return e.Error!.Detail!.Count; }
        }

        [Benchmark]
        public async Task<int> VoiceAi_Generated()
        {
            try { await Ours.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "" }); return 0; }
            catch (VoiceAiApiException e) { return e.HTTPValidationError!.Detail!.Count; }
        }

        [Benchmark]
        public async Task<int> Refit()
        {
            try { await base.Refit.SelectPhoneNumberAsync(new FloorRequest("", null)); return 0; }
            catch (global::Refit.ApiException e) { return (await e.GetContentAsAsync<FloorValidationError>())!.Detail!.Count; }
        }

        [Benchmark]
        public async Task<int> NSwag()
        {
            try { await base.NSwag.Select_phone_number_api_v1_agent_select_phone_number_postAsync(new Peers.NSwag.PurchasePhoneNumberRequest { Phone_number = "" }); return 0; }
            catch (Peers.NSwag.ApiException<Peers.NSwag.HTTPValidationError> e) { return e.Result.Detail.Count; }
            catch (Peers.NSwag.ApiException e) { return e.StatusCode; } // NSwag cannot read this document's 422 body (loc items are anyOf string | integer)
        }

        [Benchmark]
        public async Task<int> Kiota()
        {
            try { await base.Kiota.Api.V1.Agent.SelectPhoneNumber.PostAsync(new Peers.Kiota.Models.PurchasePhoneNumberRequest { PhoneNumber = "" }); return 0; }
            catch (Peers.Kiota.Models.HTTPValidationError e) { return e.Detail!.Count; }
        }
    }
}
