loading = Загрузка…
loading-viewer = Загрузка просмотрщика… { $size } МБ
loading-scene = Загрузка сцены…
reset-view = Сбросить вид
reset-view-tooltip = Вернуться к исходному виду (клавиша Home)
about = О сцене
about-title = Об этой сцене
credits = Авторы и источники
licence = Лицензия: { $licence }
language = Язык
close = Закрыть
previous = Назад
next = Далее
hotspot-position = { $index } из { $total }
hotspot-count = { $count ->
    [one] { $count } точка интереса
    [few] { $count } точки интереса
    [many] { $count } точек интереса
   *[other] { $count } точки интереса
}
more-info = Подробнее
controls-help = Перетаскивайте, чтобы вращать · Правой кнопкой или двумя пальцами — сдвиг · Колесо или щипок — масштаб
viewer-credit = Просмотрщик: Pavilion, открытое ПО
error-title = Не удалось показать эту сцену
error-code = Код ошибки: { $code }
error-no-webgl = Этот браузер не может показывать 3D-сцены: WebGL 2 недоступен или отключён.
topics = Темы
views = Виды
tour = Экскурсия
tour-play = Воспроизвести
tour-pause = Пауза
tour-end = Завершить экскурсию
tour-step = Шаг { $index } из { $total }
image-unavailable = Изображение недоступно
fullscreen = Во весь экран
exit-fullscreen = Выйти из полноэкранного режима
share = Поделиться
link-copied = Ссылка скопирована
view-in-3d = Смотреть в 3D
