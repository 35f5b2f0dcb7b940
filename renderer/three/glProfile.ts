/**
 * Whether WebGL is drawn by a CPU rasteriser (SwiftShader, llvmpipe: a virtual desktop or a
 * machine without a GPU), asked once of a throwaway context. There every multisampled pixel
 * and every extra device pixel is CPU time on the thread that also composites the page, so
 * 3D views draw without antialiasing at one device pixel per CSS pixel.
 */
let software: boolean | undefined;

export function softwareWebGl(): boolean {
  if (software !== undefined) return software;
  software = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(
        gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '',
      );
      software = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL at all: the views show their own fallback.
  }
  return software;
}

/** The Canvas quality props for the renderer at hand (see `softwareWebGl`). */
export function canvasQuality(): { antialias: boolean; dpr: number | [number, number] } {
  return softwareWebGl() ? { antialias: false, dpr: 1 } : { antialias: true, dpr: [1, 2] };
}
