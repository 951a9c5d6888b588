namespace Harness.Cli.Commands;

/// <summary>The text of <c>--help</c>, kept in one place so that the README can quote it.</summary>
internal static class HelpText
{
    public const string Main = """
        harness - run socket conversations written in YAML against servers and clients

        Usage:
          harness run <files or folders>... [options]   run scenarios (folders: every *.yaml below)
          harness serve <peer> [options]                run one built-in peer until Ctrl-C (echo, greet, http, ...)
          harness --help | --version

        Run `harness run --help` or `harness serve --help` for the options.

        Exit codes:
          0  every scenario passed
          1  a scenario failed
          2  invalid input: YAML syntax, an unknown step or key, a missing field, a bad option
          3  the run could not happen: a plugin missing or failing to load, a peer failing to start
          130/143  interrupted by SIGINT/SIGTERM (peers are stopped first)

        """;

    public const string Run = """
        Usage: harness run <files or folders>... [options]

        Runs every scenario in the files, and in every *.yaml/*.yml file below the folders, and
        prints a line per scenario with the failure story under each failure.

        Options:
          --config <path>     harness.yaml to use (default: the nearest one in this folder or above)
          --var <name=value>  set a variable for ${name}; may be repeated
          -h, --help          show this help

        Settings (harness.yaml):
          plugins:   folders holding transport plugins, one sub-folder per plugin
          defaults:  timeout, connectTimeout, peerStartTimeout, scenarioTimeout, maxReceiveBytes
          vars:      variables for ${name}

        Example:
          harness run scenarios/echo.yaml

        """;
}
