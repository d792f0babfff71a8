loading = Cargando…
loading-viewer = Cargando el visor… { $size } MB
loading-scene = Cargando la escena…
reset-view = Vista inicial
reset-view-tooltip = Volver a la vista inicial (tecla Inicio)
about = Acerca de
about-title = Acerca de esta escena
credits = Créditos
licence = Licencia: { $licence }
language = Idioma
close = Cerrar
previous = Anterior
next = Siguiente
hotspot-position = { $index } de { $total }
hotspot-count = { $count ->
    [one] { $count } punto de interés
   *[other] { $count } puntos de interés
}
more-info = Más información
controls-help = Arrastre para girar · Clic derecho o dos dedos para desplazar · Rueda o pellizco para acercar
viewer-credit = Visor: Pavilion, de código abierto
error-title = No se ha podido mostrar esta escena
error-code = Código de error: { $code }
error-no-webgl = Este navegador no puede mostrar escenas en 3D: WebGL 2 no está disponible o está desactivado.
topics = Temas
views = Vistas
tour = Recorrido
tour-play = Reproducir
tour-pause = Pausa
tour-end = Terminar el recorrido
tour-step = Paso { $index } de { $total }
image-unavailable = Imagen no disponible
fullscreen = Pantalla completa
exit-fullscreen = Salir de pantalla completa
share = Compartir
link-copied = Enlace copiado
view-in-3d = Ver en 3D
