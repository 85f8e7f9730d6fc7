#![no_std]
#[no_mangle]
pub extern "C" fn rhelper(x: i32) -> i32 { x * 3 }
