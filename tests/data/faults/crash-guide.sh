#!/bin/sh
# crash-guide.sh: write tests/data/faults/crash.yaml, the guide of the crash test
# (tests/cli/crash.sh): 10 stages of 20 small steps over a sandbox folder
# ${SB}: checks, copies, moves, TOML edits, folders, manual steps. Each
# file is changed by one step only, so that after a crash each is either as
# it was before the guide or as the guide leaves it.
# Usage: sh crash-guide.sh > crash.yaml
cat <<'EOH'
# crash.yaml: written by crash-guide.sh; the guide of the crash test
# (tests/cli/crash.sh): 200 fast steps over a sandbox folder.
guide:
  id: crash
  title: "Crash test: 200 small steps over a sandbox"
  source: "tests/data/faults/crash-guide.sh"
  from: "1"
  to: "2"

variables:
  - name: SB
    kind: directory
    title: "The sandbox folder"

stages:
EOH
st=1
while [ $st -le 10 ]; do
	cat <<EOS
  - id: s$st
    title: "Stage $st"
    ref: "Stage $st"
    steps:
EOS
	i=1
	while [ $i -le 4 ]; do
		k=s$st-$i
		cat <<EOS
      - id: $k-exists
        kind: check
        type: path_exists
        title: "in/$k.txt is there"
        ref: "Stage $st, $k"
        with:
          path: "\${SB}/in/$k.txt"
          type: file
      - id: $k-copy
        kind: action
        type: copy
        title: "Copy in/$k.txt to out/"
        ref: "Stage $st, $k"
        with:
          from: "\${SB}/in/$k.txt"
          to: "\${SB}/out/$k.txt"
          overwrite: true
      - id: $k-move
        kind: action
        type: move
        title: "Move mv/$k.dat to moved/"
        ref: "Stage $st, $k"
        with:
          from: "\${SB}/mv/$k.dat"
          to: "\${SB}/moved/$k.dat"
      - id: $k-edit
        kind: action
        type: toml_edit
        title: "Set [step] in conf/$k.toml"
        ref: "Stage $st, $k"
        with:
          file: "\${SB}/conf/$k.toml"
          toml: |
            [step]
            id = "$k"
            done = true
EOS
		if [ $i -eq 2 ]; then
			cat <<EOS
      - id: $k-ack
        kind: manual
        title: "Look at stage $st by hand"
        ref: "Stage $st, $k"
        text: "A step for a person, acknowledged from the answers file."
      - id: $k-dir
        kind: action
        type: mkdir
        title: "Make the folder dirs/$k"
        ref: "Stage $st, $k"
        with:
          path: "\${SB}/dirs/$k"
EOS
		else
			cat <<EOS
      - id: $k-copied
        kind: check
        type: file_contains
        title: "out/$k.txt holds its marker"
        ref: "Stage $st, $k"
        with:
          path: "\${SB}/out/$k.txt"
          pattern: "^marker $k\$"
EOS
		fi
		i=$((i + 1))
	done
	st=$((st + 1))
done
