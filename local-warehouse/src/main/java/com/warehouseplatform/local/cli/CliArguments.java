package com.warehouseplatform.local.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of the local warehouse, parsed; {@link #parse} reports every problem at once.
 * Options take their value as the next argument or after '=' ({@code --runs 2}, {@code --runs=2}).
 */
record CliArguments(
        String env,
        Path data,
        Path config,
        List<String> loaders,
        int runs,
        String sql,
        boolean serve,
        boolean verbose,
        boolean help,
        Path state) {

    static final String USAGE = """
            usage: java -jar local-warehouse/target/local-warehouse.jar --env dev --data DIR
                 [--loader NAME]... [--runs N] [--sql "SELECT ..."] [--serve] [--state DIR]

              --env ENV        the environment: reads CONFIG/ENV.yaml and the migrations in CONFIG/sql
              --data DIR       the raw bucket's content: DIR/<loader source prefix>/... are the objects
              --config DIR     the configuration folder (default: config, relative to the working directory)
              --loader NAME    run this loader (repeatable; default: every loader of the environment)
              --runs N         run each loader N times, as N scheduled invocations (default: 1)
              --sql "SQL"      then run this statement through the Data API and print its result as CSV
              --serve          then keep the warehouse up and print how to connect, until Ctrl-C
              --state DIR      keep the database and the ops bucket in DIR between runs (default: a fresh
                               warehouse each run); one process at a time per folder
              --verbose        print the loaders' JSON log lines on stderr
              --help           print this text

            exit status: 0 all loads succeeded, 1 a load (or the --sql statement) failed,
                         2 bad arguments or configuration""";

    /** Arguments that cannot be used; one message per problem. */
    static final class UsageException extends Exception {
        private final List<String> problems;

        UsageException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    static CliArguments parse(String... args) throws UsageException {
        List<String> problems = new ArrayList<>();
        String env = null;
        String data = null;
        String config = null;
        String runs = null;
        String sql = null;
        String state = null;
        Set<String> loaders = new LinkedHashSet<>();
        boolean serve = false;
        boolean verbose = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--serve" -> serve = flag(name, value, problems) || serve;
                case "--verbose" -> verbose = flag(name, value, problems) || verbose;
                case "--env", "--data", "--config", "--loader", "--runs", "--sql", "--state" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || (args[i + 1].startsWith("--") && !name.equals("--sql"))) {
                            problems.add(name + " needs a value");
                            continue;
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--env" -> env = once(name, env, value, problems);
                        case "--data" -> data = once(name, data, value, problems);
                        case "--config" -> config = once(name, config, value, problems);
                        case "--runs" -> runs = once(name, runs, value, problems);
                        case "--sql" -> sql = once(name, sql, value, problems);
                        case "--state" -> state = once(name, state, value, problems);
                        default -> loaders.add(value);
                    }
                }
                default ->
                    problems.add(
                            arg.startsWith("-")
                                    ? "unknown option " + name
                                    : "unexpected argument \"" + arg + "\" (options start with --)");
            }
        }
        if (help) {
            return new CliArguments(env, null, null, List.of(), 1, null, false, false, true, null);
        }
        if (env == null) {
            problems.add("--env is required (the environment, e.g. --env dev)");
        }
        if (data == null) {
            problems.add("--data is required (the folder to serve as the raw bucket)");
        }
        int runCount = 1;
        if (runs != null) {
            try {
                runCount = Integer.parseInt(runs);
            } catch (NumberFormatException e) {
                runCount = -1;
            }
            if (runCount < 1) {
                problems.add("--runs must be a whole number of at least 1, got \"" + runs + "\"");
            }
        }
        if (sql != null && sql.isBlank()) {
            problems.add("--sql needs a statement");
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        return new CliArguments(
                env,
                Path.of(data),
                Path.of(config == null ? "config" : config),
                List.copyOf(loaders),
                runCount,
                sql,
                serve,
                verbose,
                false,
                state == null ? null : Path.of(state));
    }

    private static boolean flag(String name, String value, List<String> problems) {
        if (value != null) {
            problems.add(name + " takes no value");
        }
        return true;
    }

    private static String once(String name, String before, String value, List<String> problems) {
        if (before != null) {
            problems.add(name + " is given twice");
        }
        return value;
    }
}
