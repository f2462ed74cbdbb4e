//! Entry point: panic hook and mount, nothing else.

fn main() {
    quay_console::run();
}
