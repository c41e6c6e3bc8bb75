// The search allocates and frees millions of small states and frames;
// mimalloc's per-thread free lists do this far faster than glibc malloc.
#[global_allocator]
static ALLOCATOR: interleave::allocator::Allocator = interleave::allocator::Allocator;

fn main() {
    std::process::exit(interleave::cli::main());
}
