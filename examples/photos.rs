//! Photo-like JPEGs for `bench/pictures.py`: `photos <folder> <count>`
//! writes `foto00.jpg` … at 4000 × 3000 pixels (a 12-megapixel phone
//! camera), smooth colours with fine noise as a camera's sensor gives, so
//! they weigh what photos weigh (about 2 MB). The same files every run.

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(folder), Some(count)) = (args.next(), args.next()) else {
        eprintln!("usage: photos <folder> <count>");
        std::process::exit(2);
    };
    let folder = PathBuf::from(folder);
    let count: u32 = count.parse().expect("a number of photos");
    std::fs::create_dir_all(&folder).expect("the folder");
    let (width, height) = (4000, 3000);
    let mut noise_state: u32 = 12345;
    for n in 0..count {
        let photo = image::RgbImage::from_fn(width, height, |x, y| {
            // A linear congruential generator: the same noise every run.
            noise_state = noise_state
                .wrapping_mul(1_664_525)
                .wrapping_add(1_013_904_223);
            let noise = (noise_state >> 27) as i32 - 16;
            let shade = |v: u32, of: u32, turn: u32| ((v * 255 / of + turn * n * 20) % 256) as i32;
            let channel = |v: i32| (v + noise).clamp(0, 255) as u8;
            image::Rgb([
                channel(shade(x, width, 1)),
                channel(shade(y, height, 2)),
                channel(shade(x + y, width + height, 3)),
            ])
        });
        let path = folder.join(format!("foto{n:02}.jpg"));
        photo.save(&path).expect("writing a photo");
    }
}
