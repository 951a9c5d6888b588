namespace Harness.Cli.Commands;

/// <summary>The text of <c>--help</c>, kept in one place so that the README can quote it.</summary>
internal static class HelpText
{
    public const string Main = """
        harness - run socket conversations written in YAML against servers and clients

        Usage:
          harness run <files or folders>... [options]   run scenarios (folders: every *.yaml below)
          harness plugins [--config <path>]              list the plugins: folder, version, schemes; and load failures
          harness validate <files or folders>...        check scenarios without running them
          harness load <file> [--clients N] [--duration T | --iterations K]
                                                        run one scenario's steps in a loop: rates, latency percentiles
          harness schema                                print the JSON Schema of scenario files
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

    public const string Load = """
        Usage: harness load <file> [--clients N] [--duration T] [--iterations K] [--config <path>] [--var <name=value>]

        Starts the scenario's peers once, then runs its steps again and again on N concurrent clients
        (default: the scenario's `clients`, else 1) for T (default 10s) or until K iterations (in all)
        have started, whichever comes first. A live progress line shows on a terminal. At the end it
        prints iterations and exchanges (passed `expect` steps) per second, and the latency of every
        top-level step: p50, p90, p99, p99.9 and max.

        A failed step ends its iteration (counted as failed); the client reconnects on the next one.
        The scenario's `load: { thresholds: { p99: 5ms, error_rate: 0.1% } }` sets the limits: each
        latency limit applies to every step; without `error_rate`, no iteration may fail.

        Exit codes: 0 every threshold held; 1 a threshold was broken; 2 invalid input; 3 a peer or
        plugin failed to start.

        """;

    public const string Plugins = """
        Usage: harness plugins [--config <path>]

        Loads the plugin folders named in harness.yaml and lists each plugin: its folder, version and
        what it contributes (transport schemes with their kind, peer kinds), then every folder that
        failed to load, with its path and reason.

        Exits 0 when at least one plugin loads (failures are listed: scenarios that do not need those
        plugins still run), and 3 when none loads.

        """;

    public const string Run = """
        Usage: harness run <files or folders>... [options]

        Runs every scenario in the files, and in every *.yaml/*.yml file below the folders, and
        prints a line per scenario with the failure story under each failure.

        Options:
          --config <path>     harness.yaml to use (default: the nearest one in this folder or above)
          --var <name=value>  set a variable for ${name}, over harness.yaml and the scenario's own
                              `vars`; may be repeated
          --secret <name=value>  set a secret variable, masked (***) in every report; --secret NAME
                              takes the value of the environment variable NAME; may be repeated
          --allow-outside-files  let scenarios name files outside their own folder tree
          --filter <filter>   run only matching scenarios; may be repeated:
                                tag:NAME       scenarios with this tag
                                name:PATTERN   name contains PATTERN, or matches it as a glob (* ?)
                                PATTERN        the same as name:PATTERN
                                !FILTER        leave out what FILTER matches
                              filters of one kind are alternatives; different kinds must all match
          --parallel <n>      run up to n scenarios at once (default: the number of cores)
          --fail-fast         start no new scenario after one fails; the rest are skipped
          --timeout <time>    the time limit of each scenario that sets none itself, such as 30s
          --shard <i/n>       run only slice i of n (for a CI matrix of n jobs)
          --junit <path>      write a JUnit XML report
          --json <path>       write a JSON report (docs/json-report.md)
          -h, --help          show this help

        Settings (harness.yaml):
          plugins:   folders holding transport plugins, one sub-folder per plugin
          defaults:  timeout, connectTimeout, peerStartTimeout, scenarioTimeout, maxReceive
          vars:      variables for ${name}; { env: NAME, secret: true } reads one from the
                     environment and masks it in every report

        Examples:
          harness run scenarios/echo.yaml
          harness run scenarios/ --filter tag:smoke --junit out.xml --json out.json
          harness run scenarios/ --shard 2/3 --parallel 8 --fail-fast
          harness run scenarios/faults/partial-reads.yaml --var server=servers/echo_once.py

        """;

    public const string Validate = """
        Usage: harness validate <files or folders>... [options]

        Loads every scenario file, checking syntax, steps, fields, durations and variables, without
        running anything. Prints every invalid file's error as file:line:column, or how many files and
        scenarios are valid.

        Options:
          --config <path>     harness.yaml to use (default: the nearest one in this folder or above)
          --var <name=value>  set a variable for ${name}; may be repeated
          --secret <name=value>  set a secret variable, masked (***) in every report; --secret NAME
                              takes the value of the environment variable NAME; may be repeated
          --allow-outside-files  let scenarios name files outside their own folder tree
          -h, --help          show this help

        Exit codes: 0 all valid, 2 any invalid.

        """;

    public const string Schema = """
        Usage: harness schema

        Prints the JSON Schema (draft-07) of scenario files, generated from the same tables the
        loader checks against. Editors with yaml-language-server use it through the first line of a
        scenario:  # yaml-language-server: $schema=../harness.schema.json

        """;
}
