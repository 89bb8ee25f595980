using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SiloMod.FreeCAD.Tests.AddonManager;

/// <summary>
/// This repository served over loopback HTTP the way FreeCAD's Addon Manager expects a custom
/// repository on a host it does not know: as "some kind of local GitLab instance" (its words).
/// <c>{url}/-/raw/{branch}/{file}</c> and <c>{url}/-/archive/{branch}/{name}-{branch}.zip</c> answer
/// from git, and <c>{url}</c> itself is a git repository over git's plain HTTP protocol, so
/// <c>git clone {url}</c> works (FreeCAD 0.20 installs with GitPython, FreeCAD 1.x downloads the zip).
/// </summary>
/// <remarks>
/// What is served is a snapshot of the working tree (tracked files, committed or not) on branch
/// <see cref="Branch"/>, with one change: package.xml names this host as its repository, as the
/// package.xml of a repository hosted here would. Without that, FreeCAD 0.20 would take the
/// repository URL from package.xml and go to GitHub.
/// </remarks>
public sealed class LoopbackGitHost : IAsyncDisposable
{
    public const string Name = "SiloMod";
    public const string Branch = "main";
    private const string Owner = "silomod";

    private readonly string _dir;
    private readonly string _bare;
    private readonly List<string> _requests = [];
    private WebApplication? _app;

    private LoopbackGitHost(string dir)
    {
        _dir = dir;
        _bare = Path.Combine(dir, Name + ".git");
    }

    /// <summary>The custom repository's URL, as a user types it into the Addon Manager's preferences.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every path FreeCAD asked for, in order: which way each FreeCAD installed.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    public static async Task<LoopbackGitHost> StartAsync(string repository)
    {
        var host = new LoopbackGitHost(Directory.CreateTempSubdirectory("silomod-addon-host-").FullName);
        await host.StartAppAsync();
        await host.PublishAsync(repository);
        return host;
    }

    private async Task StartAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            lock (_requests) _requests.Add(context.Request.Path + context.Request.QueryString);
            await next(context);
        });
        app.MapGet($"/{Owner}/{Name}/-/raw/{{branch}}/{{**file}}", RawAsync);
        app.MapGet($"/{Owner}/{Name}/-/archive/{{branch}}/{{archive}}", ArchiveAsync);
        app.MapGet($"/{Owner}/{Name}/{{**file}}", PlainGitFile);
        app.MapGet($"/{Owner}/{Name}.git/{{**file}}", PlainGitFile);
        await app.StartAsync();
        _app = app;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Url = new Uri(address, $"/{Owner}/{Name}");
    }

    private async Task PublishAsync(string repository)
    {
        // `git stash create` commits the working tree's changes to tracked files without touching
        // anything; it prints nothing when there are none.
        var snapshot = (await GitAsync(repository, "stash", "create")).Trim();
        if (snapshot.Length == 0) snapshot = (await GitAsync(repository, "rev-parse", "HEAD")).Trim();

        await GitAsync(_dir, "init", "--quiet", "--bare", _bare);
        await GitAsync(repository, "push", "--quiet", _bare, $"{snapshot}:refs/heads/{Branch}");
        await GitAsync(_bare, "symbolic-ref", "HEAD", $"refs/heads/{Branch}");
        await NameThisHostInPackageXmlAsync();
        await GitAsync(_bare, "repack", "-a", "-d", "--quiet");
        await GitAsync(_bare, "update-server-info");
    }

    private async Task NameThisHostInPackageXmlAsync()
    {
        var xml = await GitAsync(_bare, "show", $"{Branch}:package.xml");
        var pattern = new Regex("""(<url type="repository" branch=")[^"]*(">)[^<]*(</url>)""");
        Assert.Matches(pattern, xml);
        var served = pattern.Replace(xml, $"${{1}}{Branch}${{2}}{Url}${{3}}", 1);
        var blob = (await GitAsync(_bare, ["hash-object", "-w", "--stdin"], served)).Trim();
        var index = Path.Combine(_dir, "index");
        var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        await GitAsync(_bare, ["read-tree", Branch], env: env);
        await GitAsync(_bare, ["update-index", "--cacheinfo", $"100644,{blob},package.xml"], env: env);
        var tree = (await GitAsync(_bare, ["write-tree"], env: env)).Trim();
        var commit = (await GitAsync(_bare, ["commit-tree", tree, "-p", Branch, "-m", "package.xml: the repository is hosted here"],
            env: new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = "SiloMod tests", ["GIT_AUTHOR_EMAIL"] = "tests@silomod.invalid",
                ["GIT_COMMITTER_NAME"] = "SiloMod tests", ["GIT_COMMITTER_EMAIL"] = "tests@silomod.invalid",
            })).Trim();
        await GitAsync(_bare, "update-ref", $"refs/heads/{Branch}", commit);
    }

    private async Task RawAsync(HttpContext context, string branch, string file)
    {
        if (branch != Branch || !SafePath(file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (code, bytes) = await GitBytesAsync(_bare, "show", $"{branch}:{file}");
        if (code != 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.Body.WriteAsync(bytes);
    }

    private async Task ArchiveAsync(HttpContext context, string branch, string archive)
    {
        var folder = $"{Name}-{branch}";
        if (branch != Branch || archive != folder + ".zip")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (code, bytes) = await GitBytesAsync(_bare, "archive", "--format=zip", $"--prefix={folder}/", branch);
        Assert.Equal(0, code);
        context.Response.ContentType = "application/zip";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    private IResult PlainGitFile(string file)
    {
        var path = Path.GetFullPath(Path.Combine(_bare, file));
        return SafePath(file) && path.StartsWith(_bare + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path)
            ? Results.File(path, "application/octet-stream")
            : Results.NotFound();
    }

    private static bool SafePath(string file) => file.Length > 0 && !file.Split('/').Any(part => part is "" or "." or "..");

    private static Task<string> GitAsync(string folder, params string[] args) => GitAsync(folder, args, stdin: null);

    private static async Task<string> GitAsync(string folder, string[] args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var (code, output, error) = await RunGitAsync(folder, args, stdin, env);
        Assert.True(code == 0, $"git {string.Join(' ', args)} in {folder} failed ({code}): {error}");
        return System.Text.Encoding.UTF8.GetString(output);
    }

    private static async Task<(int Code, byte[] Output)> GitBytesAsync(string folder, params string[] args)
    {
        var (code, output, _) = await RunGitAsync(folder, args, null, null);
        return (code, output);
    }

    private static async Task<(int Code, byte[] Output, string Error)> RunGitAsync(
        string folder, string[] args, string? stdin, IReadOnlyDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var git = Process.Start(psi)!;
        if (stdin is not null)
        {
            await git.StandardInput.WriteAsync(stdin);
            git.StandardInput.Close();
        }

        using var output = new MemoryStream();
        var copy = git.StandardOutput.BaseStream.CopyToAsync(output);
        var error = git.StandardError.ReadToEndAsync();
        await Task.WhenAll(copy, error, git.WaitForExitAsync());
        return (git.ExitCode, output.ToArray(), await error);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
