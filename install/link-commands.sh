# link-commands.sh: puts cams-manager, cams-merge and cams-clean on PATH as symlinks to this
# checkout's build (sourced by install.sh and dev-setup.sh), so README's commands work as written.

# link_commands WHO APP BIN_DIR: BIN_DIR/<command> → APP/dist/bin/<command>.js for each command,
# made executable. Says each link it makes, and when BIN_DIR is not on PATH.
link_commands() {
  local who=$1 app=$2 bin_dir=$3 bin
  mkdir -p "$bin_dir"
  for bin in cams-manager cams-merge cams-clean; do
    [[ -x $app/dist/bin/$bin.js ]] || chmod +x "$app/dist/bin/$bin.js"
    [[ $(readlink "$bin_dir/$bin" 2>/dev/null) == "$app/dist/bin/$bin.js" ]] && continue
    ln -sfn "$app/dist/bin/$bin.js" "$bin_dir/$bin"
    echo "$who: linked $bin_dir/$bin"
  done
  case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "$who: $bin_dir is not on your PATH; add it (export PATH=\"$bin_dir:\$PATH\" in ~/.profile) to run cams-manager, cams-merge and cams-clean by name" ;;
  esac
}

# dev_bin_dir: where dev-setup links the commands: /usr/local/bin for root, else ~/.local/bin.
dev_bin_dir() {
  if [[ $(id -u) == 0 ]]; then echo /usr/local/bin; else echo "$HOME/.local/bin"; fi
}
