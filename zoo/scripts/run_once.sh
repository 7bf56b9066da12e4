# Sourced by the zoo's results scripts (POSIX sh). `run OUTPUT COMMAND...` runs COMMAND -o OUTPUT
# once: a finished run (OUTPUT or its report OUTPUT-without-.h5.report.json exists; runs with
# several students write one weights file each beside OUTPUT) is skipped, and a killed one
# continues from its checkpoint (OUTPUT-without-.h5.ckpt.h5) with --resume. So a script made
# of such runs can be stopped and started again at any point.
run() {
    output=$1
    shift
    [ -f "$output" ] || [ -f "${output%.h5}.report.json" ] && return 0
    checkpoint="${output%.h5}.ckpt.h5"
    if [ -f "$checkpoint" ]; then "$@" -o "$output" --resume "$checkpoint"; else "$@" -o "$output"; fi
}
