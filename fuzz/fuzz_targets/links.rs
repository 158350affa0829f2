//! A small site of up to eight files whose texts the fuzzer writes, parsed
//! and put together (every link resolved): problems, never a panic.
#![no_main]

use kursportal::fuzzing::small_site;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|texts: Vec<String>| {
    let _ = small_site(&texts);
});
