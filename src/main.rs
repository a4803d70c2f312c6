use clap::Parser;

fn main() -> std::process::ExitCode {
    // The seat's offset from UTC can be asked for only while tread has a single thread.
    tread::record::time_text::init_seat_offset();
    tread::run(tread::cli::Cli::parse())
}
