loading = Carregando…
loading-viewer = Carregando o visualizador… { $size } MB
loading-scene = Carregando a cena…
reset-view = Redefinir vista
reset-view-tooltip = Voltar à vista inicial (tecla Home)
about = Sobre
about-title = Sobre esta cena
credits = Créditos
licence = Licença: { $licence }
language = Idioma
close = Fechar
previous = Anterior
next = Próximo
hotspot-position = { $index } de { $total }
hotspot-count = { $count ->
    [one] { $count } ponto de interesse
   *[other] { $count } pontos de interesse
}
more-info = Saiba mais
controls-help = Arraste para girar · Arraste com o botão direito ou dois dedos para mover · Roda do mouse ou pinça para ampliar
viewer-credit = Visualizador: Pavilion, código aberto
error-title = Não foi possível mostrar esta cena
error-code = Código do erro: { $code }
error-no-webgl = Este navegador não consegue mostrar cenas em 3D: o WebGL 2 não está disponível ou está desativado.
topics = Temas
views = Vistas
tour = Visita
tour-play = Reproduzir
tour-pause = Pausa
tour-end = Terminar a visita
tour-step = Passo { $index } de { $total }
image-unavailable = Imagem indisponível
fullscreen = Tela cheia
exit-fullscreen = Sair da tela cheia
share = Compartilhar
link-copied = Link copiado
view-in-3d = Ver em 3D
