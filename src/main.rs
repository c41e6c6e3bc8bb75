fn main() {
    std::process::exit(interleave::cli::main());
}
