using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace VoiceAi.Client.Tests.Conformance;

/// <summary>
/// Stoplight Prism (from tests/conformance/package.json, installed with <c>npm ci</c> on first use) mocking one
/// OpenAPI document on a free port of 127.0.0.1, with <c>--errors</c>: every request is validated against the document,
/// and a request that breaks it is answered 4xx with Prism's reason.
/// </summary>
public abstract class PrismServer : IAsyncLifetime
{
    /// <summary>The OpenAPI document Prism mocks.</summary>
    protected abstract string Document { get; }

    private Process? _process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    /// <summary>The last lines Prism printed, to explain a failure.</summary>
    public string RecentLog(int lines = 30) => string.Join("\n", _log.TakeLast(lines));

    public Uri Address { get; private set; } = null!;

    public static string Folder => Path.Combine(RepositoryRoot, "tests", "conformance");

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VoiceAi.Generators.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
        }
    }

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public async Task InitializeAsync()
    {
        var prism = Path.Combine(Folder, "node_modules", ".bin", "prism");
        await InstallOnceAsync(prism);

        var port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(prism) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        foreach (var argument in new[] { "mock", Document, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = _log;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            log.Enqueue(e.Data);
            if (e.Data.Contains("Prism is listening", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Enqueue(e.Data);
            }
        };
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Prism exited before it listened:\n" + string.Join("\n", log)));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            // A cold machine takes a while to load Prism and a large document.
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Prism did not listen on {Address} within 3 minutes ({Document}):\n" + string.Join("\n", log.TakeLast(40)));
        }
    }

    /// <summary>
    /// Installs Prism once: fixtures of this process wait on each other, and a lock file keeps a second test process
    /// (or eng/test.sh) from running <c>npm ci</c> in the same folder at the same time, since npm ci deletes node_modules first.
    /// </summary>
    private static async Task InstallOnceAsync(string prism)
    {
        if (File.Exists(prism))
        {
            return;
        }

        await InstallGate.WaitAsync();
        try
        {
            using var fileLock = await AcquireFileLockAsync(Path.Combine(Folder, ".install.lock"));
            if (!File.Exists(prism))
            {
                Run("npm", "ci --no-audit --no-fund", TimeSpan.FromMinutes(10));
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed in {Folder}:\n{output.Result}\n{error.Result}");
        }
    }
}

/// <summary>Prism over the bundled Voice AI document.</summary>
public sealed class VoiceAiPrism : PrismServer
{
    protected override string Document => Path.Combine(RepositoryRoot, "openapi", "openapi.json");
}

/// <summary>Prism over swagger-petstore3, read in place from ../shared/specs.</summary>
public sealed class Petstore3Prism : PrismServer
{
    protected override string Document => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "specs", "swagger-petstore3", "openapi.yaml"));
}

/// <summary>Prism over the OAI petstore example, read in place from ../shared/specs.</summary>
public sealed class OaiPetstorePrism : PrismServer
{
    protected override string Document => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "specs", "oai-petstore", "petstore.yaml"));
}
