"""Programs that run their arguments as a command somewhere else — in a container, on a
cluster, on a remote host, with secrets loaded, under a toolchain or a process wrapper — each
read the way that program reads its own command line.

One row a program (a `Grammar`, plain data): which options take a value, which words come
before the command (an image, a container, a host, a profile), how the command is given (its
words, shell text, the value of an option, or what follows `--`), and subcommands that lead
to another grammar. Adding a program is one row here and one test row.
"""

from __future__ import annotations

ARGV = "argv"  # the rest are the command's words
SHELL = "shell"  # the rest, joined, is shell text (ssh, kamal app exec)
NOTHING = "nothing"  # only a command option or `--` runs something
UNKNOWN = "unknown"  # a subcommand the row does not list: read the rest as an unknown program


class Grammar:
    """How one program, or one subcommand of it, finds the command it runs."""

    __slots__ = (
        "argv_options",
        "command_options",
        "dashdash",
        "positionals",
        "subcommands",
        "then",
        "values",
    )

    def __init__(
        self,
        *,
        values: str = "",
        positionals: int = 0,
        then: str = ARGV,
        command_options: str = "",
        argv_options: str = "",
        subcommands: dict[str, Grammar] | None = None,
        dashdash: bool = True,
    ) -> None:
        self.values = frozenset(values.split())  # options whose value is the next word
        self.positionals = positionals  # words before the command: image, host, profile …
        self.then = then
        self.command_options = frozenset(command_options.split())  # their value is shell text
        self.argv_options = frozenset(argv_options.split())  # the words after them: the command
        self.subcommands = subcommands  # the first plain word picks the grammar of the rest
        self.dashdash = dashdash  # `--` ends the options, and the command follows


_DOCKER_GLOBAL = "-H --host --context -c --config -l --log-level --tlscacert --tlscert --tlskey"
_RUN_VALUES = (
    "-e --env --env-file -v --volume -p --publish --name --network --net -w --workdir -u --user"
    " -l --label --label-file --mount --platform --add-host --cpus -m --memory --memory-swap"
    " --restart -h --hostname --link --pull --cap-add --cap-drop --device --dns --dns-search"
    " --log-driver --log-opt --shm-size --ulimit --gpus --pid --ipc --security-opt --tmpfs"
    " --volumes-from --stop-signal --stop-timeout --health-cmd --health-interval --cidfile"
    " --expose --group-add --ip --ip6 --runtime --userns --uts --cgroupns --isolation"
    " --attach -a --detach-keys --cpu-shares -c --cpuset-cpus --blkio-weight --storage-opt"
    " --sysctl --init-path --oom-score-adj --pids-limit --arch --os --secret"
)
_EXEC_VALUES = "-e --env --env-file -u --user -w --workdir --detach-keys"
_COMPOSE_GLOBAL = (
    "-f --file -p --project-name --profile --env-file --project-directory --ansi --progress"
    " --parallel"
)
_COMPOSE_RUN = Grammar(
    values="-e --env --env-from-file -u --user -w --workdir -l --label -v --volume -p --publish"
    " --name --cap-add --cap-drop --pull --quiet-build",
    positionals=1,  # the service
    command_options="--entrypoint",
)
_COMPOSE_EXEC = Grammar(values="-e --env -u --user -w --workdir --index", positionals=1)
_COMPOSE = Grammar(
    values=_COMPOSE_GLOBAL,
    then=NOTHING,
    subcommands={"run": _COMPOSE_RUN, "exec": _COMPOSE_EXEC},
)
_CONTAINER_RUN = Grammar(values=_RUN_VALUES, positionals=1, command_options="--entrypoint")
_CONTAINER_EXEC = Grammar(values=_EXEC_VALUES, positionals=1)
_DOCKER = Grammar(
    values=_DOCKER_GLOBAL,
    then=NOTHING,
    subcommands={
        "run": _CONTAINER_RUN,
        "exec": _CONTAINER_EXEC,
        "compose": _COMPOSE,
        "container": Grammar(
            then=NOTHING, subcommands={"run": _CONTAINER_RUN, "exec": _CONTAINER_EXEC}
        ),
    },
)

_KUBECTL_GLOBAL = (
    "-n --namespace --context --cluster --kubeconfig -s --server --user --token --as"
    " --as-group --request-timeout --certificate-authority --client-certificate --client-key"
)
_KUBECTL = Grammar(
    values=_KUBECTL_GLOBAL,
    then=NOTHING,
    subcommands={
        "exec": Grammar(
            values=_KUBECTL_GLOBAL + " -c --container -f --filename --pod-running-timeout",
            positionals=1,  # the pod (deploy/api, pod/x)
        ),
        # run and debug: the command comes after `--` only
        "run": Grammar(
            values=_KUBECTL_GLOBAL + " --image --env --labels -l --port --restart --overrides"
            " --image-pull-policy --serviceaccount --pod-running-timeout",
            positionals=1,
            then=NOTHING,
        ),
        "debug": Grammar(
            values=_KUBECTL_GLOBAL + " --image -c --container --target --copy-to --profile"
            " --share-processes --env",
            positionals=1,
            then=NOTHING,
        ),
    },
)

# ssh [options] destination [command …]: the command words are joined and run by the remote
# shell, so they are shell text.
_SSH = Grammar(
    values="-b -B -c -D -E -e -F -I -i -J -L -l -m -O -o -p -P -Q -R -S -W -w",
    positionals=1,
    then=SHELL,
    dashdash=False,
)

_FLY = Grammar(
    then=NOTHING,
    subcommands={
        "ssh": Grammar(
            then=NOTHING,
            subcommands={
                "console": Grammar(
                    values="-a --app -r --region -s --select -u --user --machine"
                    " --process-group --address -o --org",
                    then=NOTHING,
                    command_options="-C --command",
                ),
            },
        ),
        "console": Grammar(
            values="-a --app --machine", then=NOTHING, command_options="-C --command"
        ),
    },
)
# mise exec node@20 -- cmd: tool versions, then the command after `--`
_MISE = Grammar(values="-C --cd -j --jobs", then=NOTHING)

# fmt: off
WRAPPERS: dict[str, Grammar] = {
    # containers
    "docker": _DOCKER,
    "podman": _DOCKER,
    "nerdctl": _DOCKER,
    "docker-compose": _COMPOSE,
    "podman-compose": _COMPOSE,
    # clusters and remote shells
    "kubectl": _KUBECTL,
    "oc": _KUBECTL,
    "ssh": _SSH,
    # platform CLIs
    "railway": Grammar(
        values="-s --service -e --environment",
        then=NOTHING,
        subcommands={"run": Grammar(values="-s --service -e --environment")},
    ),
    "heroku": Grammar(
        then=NOTHING,
        subcommands={
            name: Grammar(values="-a --app -r --remote -s --size -e --env --type")
            for name in ("run", "run:detached", "run:inside")
        },
    ),
    "fly": _FLY,
    "flyctl": _FLY,
    "kamal": Grammar(
        then=NOTHING,
        subcommands={
            "app": Grammar(
                then=NOTHING,
                subcommands={
                    "exec": Grammar(
                        values="-d --destination -r --roles -h --hosts -c --config-file"
                        " --version -e --env",
                        then=SHELL,
                    ),
                },
            ),
        },
    ),
    "sst": Grammar(then=NOTHING, subcommands={"shell": Grammar(values="--stage --target")}),
    "az": Grammar(
        then=NOTHING,
        subcommands={
            "containerapp": Grammar(
                then=NOTHING,
                subcommands={
                    "exec": Grammar(
                        values="-n --name -g --resource-group --container --replica"
                        " --revision --subscription",
                        then=NOTHING,
                        command_options="--command",
                    ),
                },
            ),
        },
    ),
    "netlify": Grammar(
        then=NOTHING,
        subcommands={"dev": Grammar(values="-p --port --dir -d --target-port", then=NOTHING,
                                    command_options="-c --command")},
    ),
    # secret and environment loaders (op, doppler, infisical, dotenvx, teller: the loaders' own
    # handler in hooks/commands/unwrap.py)
    "aws-vault": Grammar(
        then=NOTHING,
        subcommands={
            "exec": Grammar(
                values="-d --duration -t --mfa-token -r --region --prompt --server-type"
                " --session-duration --assume-role-ttl",
                positionals=1,  # the profile
            ),
        },
    ),
    "sops": Grammar(
        then=NOTHING,
        subcommands={
            "exec-env": Grammar(values="--user", positionals=1, then=SHELL),
            "exec-file": Grammar(values="--user --filename --output-type", positionals=1, then=SHELL),
        },
    ),
    "env-cmd": Grammar(values="-f --file -e --environments -r --rc-file"),
    "chamber": Grammar(
        then=NOTHING,
        subcommands={"exec": Grammar(values="-b --backend", then=NOTHING)},  # services, then --
    ),
    "summon": Grammar(values="-p --provider -f --yaml -D --default -e --environment"),
    # toolchain runners
    "mise": Grammar(then=NOTHING, subcommands={"exec": _MISE, "x": _MISE}),
    "rtx": Grammar(then=NOTHING, subcommands={"exec": _MISE, "x": _MISE}),
    "asdf": Grammar(then=NOTHING, subcommands={"exec": Grammar()}),
    "nix": Grammar(
        then=NOTHING,
        subcommands={
            name: Grammar(values="--override-input --profile -i --ignore-environment --unset"
                          " -k --keep --expr --file -f", then=NOTHING, argv_options="-c --command")
            for name in ("develop", "shell")
        },
    ),
    "nix-shell": Grammar(values="-p --packages -I -A --attr --arg --argstr", then=NOTHING,
                         command_options="--run --command"),
    "devbox": Grammar(then=NOTHING, subcommands={"run": Grammar(values="-c --config -e --env --env-file")}),
    "corepack": Grammar(),  # corepack pnpm … runs the package manager
    "volta": Grammar(then=NOTHING, subcommands={"run": Grammar(values="--node --npm --pnpm --yarn --bundled-npm --env")}),
    "fnm": Grammar(then=NOTHING, subcommands={"exec": Grammar(values="--using --shell")}),
    "nvm": Grammar(then=NOTHING, subcommands={"exec": Grammar(positionals=1), "run": Grammar(positionals=1)}),
    "nx": Grammar(then=NOTHING, subcommands={"exec": Grammar(values="-p --projects --exclude", then=NOTHING)}),
    "lerna": Grammar(then=NOTHING, subcommands={"exec": Grammar(values="--scope --ignore --concurrency", then=SHELL)}),
    # process wrappers
    "doas": Grammar(values="-u -C"),
    "su": Grammar(values="-s --shell -g --group -G --supp-group -w --whitelist-environment",
                  then=NOTHING, command_options="-c --command", dashdash=False),
    "su-exec": Grammar(positionals=1),
    "gosu": Grammar(positionals=1),
    "setpriv": Grammar(values="--reuid --regid --groups --inh-caps --bounding-set"),
    "tini": Grammar(values="-p -e"),
    "dumb-init": Grammar(values="-r --rewrite"),
    "flock": Grammar(values="-w --wait --timeout -E --conflict-exit-code", positionals=1,
                     command_options="-c --command"),
    "ionice": Grammar(values="-c --class -n --classdata -p --pid -t"),
    "taskset": Grammar(values="-c --cpu-list", positionals=1),
    "unbuffer": Grammar(),
    "wait-for-it": Grammar(values="-h --host -p --port -t --timeout", then=NOTHING),
    "wait-for-it.sh": Grammar(values="-h --host -p --port -t --timeout", then=NOTHING),
    "wait-for": Grammar(values="-t --timeout", positionals=1, then=NOTHING),
    "dockerize": Grammar(values="-wait -timeout -template -env -stdout -stderr -poll"
                         " -wait-retry-interval -delims"),
    "with-contenv": Grammar(),
    "s6-setuidgid": Grammar(positionals=1),
    "chpst": Grammar(values="-u -U -b -e -n -l -L -m -d -o -p -f -c -r -t"),
    "retry": Grammar(values="-t --tries -d --delay -m --max-time -s --sleep", then=NOTHING),
}
# fmt: on


def command_of(grammar: Grammar, args: list[str]) -> tuple[str, int, str] | None:
    """Where the command is in `args` (the words after the program's name):
    (ARGV, index of its first word, "") or (SHELL, index of the first word of shell text, "")
    or (SHELL, index of the option's value, option) for a command given as an option's value,
    or (UNKNOWN, index, "") for a subcommand the row does not list; None where this command
    line runs nothing."""
    current = grammar
    i = 0
    while True:
        seen = 0
        while i < len(args):
            value = args[i]
            if value == "--" and current.dashdash:
                return (ARGV, i + 1, "") if i + 1 < len(args) else None
            if value.startswith("-") and len(value) > 1:
                name, eq, _ = value.partition("=")
                if name in current.argv_options and not eq:
                    return (ARGV, i + 1, "") if i + 1 < len(args) else None
                if name in current.command_options:
                    if eq:
                        return (SHELL, i, name)
                    return (SHELL, i + 1, name) if i + 1 < len(args) else None
                i += 2 if (name in current.values and not eq) else 1
                continue
            if current.subcommands is not None and seen == 0 and value in current.subcommands:
                current = current.subcommands[value]
                i += 1
                break  # the subcommand's own grammar reads the rest
            if current.subcommands is not None and seen == 0:
                return (UNKNOWN, i, "")  # another subcommand: we do not know what it runs
            if seen < current.positionals:
                seen += 1
                i += 1
                continue
            if current.then == NOTHING:
                i += 1  # words before `--` (kubectl run's name, chamber's services)
                continue
            return (current.then, i, "")
        else:
            return None
